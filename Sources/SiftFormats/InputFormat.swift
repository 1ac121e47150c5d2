/// The input formats sift recognises.
///
/// Detected per input by ``FormatDetector`` from the first bytes and the path; `--input-format`
/// overrides detection with one of the raw values.
public enum InputFormat: String, Sendable, CaseIterable, Hashable {
    /// X-Ray segment documents, one per line.
    case xrayJSONL = "xray-jsonl"
    /// X-Ray daemon UDP capture: a `{"format":"json","version":1}` header line, then a document.
    case xrayDaemon = "xray-daemon"
    /// `aws xray batch-get-traces` output (documents as JSON strings), possibly several responses.
    case xrayBatchGetTraces = "xray-batch-get-traces"
    /// `aws xray get-trace-summaries` output (trace summaries, not spans).
    case xrayTraceSummaries = "xray-trace-summaries"
    /// CloudWatch Logs S3 export: `<ISO 8601> <message>` lines.
    case cloudWatchExport = "cwlogs-export"
    /// CloudWatch Logs subscription payloads (`messageType` + `logEvents`), as Firehose writes them.
    case cloudWatchSubscription = "cwlogs-subscription"
    /// A Lambda subscription event: `{"awslogs":{"data":"<base64 gzip>"}}`.
    case lambdaLogsEvent = "cwlogs-lambda-event"
    /// A Kinesis event whose records hold base64 subscription payloads.
    case kinesisLogsEvent = "cwlogs-kinesis-event"
    /// A Firehose transformation event whose records hold base64 subscription payloads.
    case firehoseLogsEvent = "cwlogs-firehose-event"
    /// `aws logs filter-log-events` / `get-log-events` output.
    case logEventsJSON = "cwlogs-events"
    /// Logs Insights `get-query-results` output.
    case insightsResults = "cwlogs-insights"
    /// Embedded Metric Format records as JSON (lines or documents).
    case emfJSON = "emf"
    /// OTLP/JSON (traces, logs or metrics): `ExportTraceServiceRequest` lines from the collector's
    /// file exporter, or one document.
    case otlpJSON = "otlp-json"
    /// X-Ray Transaction Search spans (the `aws/spans` log group's events): one OpenTelemetry span
    /// per JSON object, with its resource and scope. Inside CloudWatch Logs containers (S3
    /// exports, Firehose) they are log events' messages instead.
    case awsSpans = "aws-spans"
    /// JSON that is not observability data sift reads.
    case otherJSON = "json"
    /// Not a format sift reads (plain text, binary).
    case unknown

    /// Whether the format holds X-Ray segment documents.
    public var holdsXRayDocuments: Bool {
        switch self {
        case .xrayJSONL, .xrayDaemon, .xrayBatchGetTraces: return true
        default: return false
        }
    }

    /// Whether the format holds OpenTelemetry spans (read as one-node X-Ray documents).
    public var holdsOTelSpans: Bool { self == .otlpJSON || self == .awsSpans }

    /// Whether the format holds CloudWatch log events.
    public var holdsLogEvents: Bool {
        switch self {
        case .cloudWatchExport, .cloudWatchSubscription, .lambdaLogsEvent, .kinesisLogsEvent, .firehoseLogsEvent,
            .logEventsJSON, .insightsResults:
            return true
        default: return false
        }
    }
}
