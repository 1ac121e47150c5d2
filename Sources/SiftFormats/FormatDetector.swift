import SiftBytes
import SiftJSON

/// Classifies an input from its first decompressed bytes and its path, never from its extension.
///
/// JSON inputs are classified by the keys of their first value (read with the real scanner,
/// tolerating a value cut off at the end of the prefix); text by its first line. JSON that is not
/// observability data is reported as ``InputFormat/otherJSON`` with the reason, never guessed.
///
/// ```swift
/// let detection = FormatDetector.detect(prefix: firstBytes, path: "exports/a/000000.gz")
/// detection.format   // .cloudWatchExport
/// ```
public enum FormatDetector {
    /// How many decompressed bytes detection looks at.
    public static let prefixBytes = 64 << 10

    /// The reason given for the `aws-logs-write-test` object AWS writes at an S3 export prefix,
    /// which readers count as ignored rather than as an input of unknown format.
    public static let exportProbeReason = "S3 export permission probe"

    /// The result of detection.
    public struct Detection: Sendable, Equatable {
        /// The format.
        public var format: InputFormat
        /// Why, for `detect` output and for errors on unknown inputs.
        public var reason: String
    }

    /// Classifies an input.
    ///
    /// - Parameters:
    ///   - prefix: the first (up to ``prefixBytes``) decompressed bytes.
    ///   - path: the input's path, for the S3 export probe object.
    public static func detect(prefix: UnsafeRawBufferPointer, path: String = "") -> Detection {
        var start = 0
        if prefix.count >= 3, prefix[0] == 0xEF, prefix[1] == 0xBB, prefix[2] == 0xBF { start = 3 }
        while start < prefix.count, isSpace(prefix[start]) { start += 1 }
        guard start < prefix.count else { return Detection(format: .unknown, reason: "empty") }
        let body = UnsafeRawBufferPointer(rebasing: prefix[start...])
        let first = body[0]
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") { return detectJSON(body) }
        if startsWithExportTimestamp(body) {
            return Detection(format: .cloudWatchExport, reason: "lines start with an ISO 8601 timestamp")
        }
        if path.hasSuffix("aws-logs-write-test") {
            return Detection(format: .unknown, reason: exportProbeReason)
        }
        return Detection(format: .unknown, reason: looksBinary(body) ? "binary data" : "text without timestamps")
    }

    /// Whether `line` starts with `YYYY-MM-DDTHH:MM:SS.mmmZ ` (an S3 export event line).
    public static func startsWithExportTimestamp(_ line: UnsafeRawBufferPointer) -> Bool {
        guard line.count >= 25 else { return false }
        // 2020-09-08T04:00:24.000Z
        let digits = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22]
        for i in digits where !(line[i] >= 0x30 && line[i] <= 0x39) { return false }
        return line[4] == UInt8(ascii: "-") && line[7] == UInt8(ascii: "-") && line[10] == UInt8(ascii: "T")
            && line[13] == UInt8(ascii: ":") && line[16] == UInt8(ascii: ":") && line[19] == UInt8(ascii: ".")
            && line[23] == UInt8(ascii: "Z") && line[24] == UInt8(ascii: " ")
    }

    // MARK: JSON

    private static func detectJSON(_ body: UnsafeRawBufferPointer) -> Detection {
        let firstLine = body.firstIndex(of: 0x0A).map { UnsafeRawBufferPointer(rebasing: body[..<$0]) } ?? body
        var scanner = JSONScanner(body)
        var shape = JSONShape()
        shape.collect(&scanner, path: "", depth: 0)
        let keys = shape.paths

        // The daemon header `{"format":"json","version":1}` is a whole line by itself.
        if keys.contains("format") && keys.contains("version") && keys.count <= 3 && firstLine.count < 100 {
            return Detection(format: .xrayDaemon, reason: "X-Ray daemon header line")
        }
        if keys.contains("trace_id") && keys.contains("id") && (keys.contains("start_time") || keys.contains("end_time")) {
            return Detection(format: .xrayJSONL, reason: "segment documents (trace_id, id, start_time)")
        }
        if keys.contains("[].trace_id") && keys.contains("[].id") {
            return Detection(format: .xrayJSONL, reason: "an array of segment documents")
        }
        if keys.contains("Traces") || keys.contains("responses[].Traces") {
            return Detection(format: .xrayBatchGetTraces, reason: "Traces[].Segments[].Document")
        }
        if keys.contains("TraceSummaries") || keys.contains("responses[].TraceSummaries") {
            return Detection(format: .xrayTraceSummaries, reason: "TraceSummaries")
        }
        if keys.contains("messageType") && (keys.contains("logEvents") || keys.contains("logGroup")) {
            return Detection(format: .cloudWatchSubscription, reason: "subscription payload (messageType, logEvents)")
        }
        if keys.contains("awslogs.data") {
            return Detection(format: .lambdaLogsEvent, reason: "Lambda subscription event (awslogs.data)")
        }
        if keys.contains("Records[].kinesis.data") {
            return Detection(format: .kinesisLogsEvent, reason: "Kinesis event (Records[].kinesis.data)")
        }
        if keys.contains("records[].data") && (keys.contains("invocationId") || keys.contains("deliveryStreamArn")) {
            if firstFirehoseRecordIsNotLogs(body) {
                return Detection(
                    format: .otherJSON,
                    reason: "Firehose records of plain text, not CloudWatch Logs")
            }
            return Detection(format: .firehoseLogsEvent, reason: "Firehose transformation event (records[].data)")
        }
        if keys.contains("events") && (keys.contains("events[].message") || keys.contains("events[].timestamp")
            || keys.contains("nextForwardToken") || keys.contains("searchedLogStreams") || keys.contains("nextToken"))
        {
            return Detection(format: .logEventsJSON, reason: "filter-log-events / get-log-events response")
        }
        if keys.contains("results") && (keys.contains("status") || keys.contains("statistics") || keys.contains("results[][].field")) {
            return Detection(format: .insightsResults, reason: "Logs Insights query results")
        }
        if keys.contains("resourceSpans") || keys.contains("resource_spans") {
            return Detection(format: .otlpJSON, reason: "OTLP/JSON traces (resourceSpans)")
        }
        if keys.contains("resourceMetrics") || keys.contains("resource_metrics") {
            return Detection(format: .otlpJSON, reason: "OTLP/JSON metrics (resourceMetrics), not spans")
        }
        if keys.contains("resourceLogs") || keys.contains("resource_logs") {
            return Detection(format: .otlpJSON, reason: "OTLP/JSON logs (resourceLogs), not spans")
        }
        if keys.contains("traceId") && keys.contains("spanId")
            && (keys.contains("startTimeUnixNano") || keys.contains("endTimeUnixNano") || keys.contains("kind"))
        {
            return Detection(format: .awsSpans, reason: "Transaction Search spans (traceId, spanId, startTimeUnixNano)")
        }
        if keys.contains("_aws.CloudWatchMetrics") || (keys.contains("CloudWatchMetrics") && keys.contains("Version")) {
            return Detection(format: .emfJSON, reason: "Embedded Metric Format records")
        }
        if shape.invalid {
            return Detection(format: .unknown, reason: "invalid JSON at byte \(shape.errorOffset)")
        }
        return Detection(format: .otherJSON, reason: "JSON with none of the known keys")
    }

    /// Whether the first `records[].data` of a Firehose transformation event decodes to something
    /// other than a (compressed) subscription payload, such as plain text. `false` when unsure.
    private static func firstFirehoseRecordIsNotLogs(_ body: UnsafeRawBufferPointer) -> Bool {
        var scanner = JSONScanner(body)
        var decoded: [UInt8] = []
        do throws(JSONScanError) {
            try scanner.beginObject()
            while let key = try scanner.nextKey() {
                guard key.equals("records"), try scanner.peekKind() == .array else { try scanner.skipValue(); continue }
                try scanner.beginArray()
                guard try scanner.nextElement(), try scanner.peekKind() == .object else { return false }
                try scanner.beginObject()
                while let member = try scanner.nextKey() {
                    guard member.equals("data"), try scanner.peekKind() == .string else { try scanner.skipValue(); continue }
                    guard Base64.decode(try scanner.readStringBytes(), into: &decoded) == nil else { return true }
                    let compression = decoded.withUnsafeBytes { Compression.detect($0) }
                    if compression == .gzip || compression == .zlib { return false }
                    // Uncompressed records are log data only when they hold a subscription payload.
                    return !containsMessageType(decoded)
                }
                return false
            }
        } catch {
            return false
        }
        return false
    }

    private static func containsMessageType(_ bytes: [UInt8]) -> Bool {
        let needle = Array("\"messageType\"".utf8)
        guard bytes.count >= needle.count else { return false }
        for start in 0...(bytes.count - needle.count) where bytes[start] == needle[0] {
            if Array(bytes[start..<(start + needle.count)]) == needle { return true }
        }
        return false
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }

    private static func looksBinary(_ body: UnsafeRawBufferPointer) -> Bool {
        let sample = body.prefix(512)
        let control = sample.filter { $0 < 0x20 && !isSpace($0) }.count
        return control * 10 > sample.count || sample.contains(0)
    }
}

/// The key paths of a JSON value's first levels (`a`, `a.b`, `a[].b`), collected from a prefix
/// that may be cut off; array elements after the first are skipped.
private struct JSONShape {
    var paths: Set<String> = []
    var invalid = false
    var errorOffset = 0

    mutating func collect(_ scanner: inout JSONScanner, path: String, depth: Int) {
        do throws(JSONScanError) {
            try walk(&scanner, path: path, depth: depth)
        } catch {
            if error.reason != .truncated {
                invalid = true
                errorOffset = error.offset
            }
        }
    }

    private mutating func walk(_ scanner: inout JSONScanner, path: String, depth: Int) throws(JSONScanError) {
        switch try scanner.peekKind() {
        case .object:
            try scanner.beginObject()
            while let key = try scanner.nextKey() {
                let name = (path.isEmpty ? "" : path + ".") + String(decoding: key, as: UTF8.self)
                paths.insert(name)
                if depth < 3 { try walk(&scanner, path: name, depth: depth + 1) } else { try scanner.skipValue() }
            }
        case .array:
            try scanner.beginArray()
            var first = true
            while try scanner.nextElement() {
                if first && depth < 3 {
                    try walk(&scanner, path: path + "[]", depth: depth + 1)
                } else {
                    try scanner.skipValue()
                }
                first = false
            }
        default:
            try scanner.skipValue()
        }
    }
}
