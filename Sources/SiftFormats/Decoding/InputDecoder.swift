import SiftBytes
import SiftJSON
import SiftModel

/// Decodes one opened input into the typed records a ``RecordSink`` asks for.
///
/// This is the one place that maps an input format to its reader: X-Ray documents
/// (``XRayDocumentReader`` + ``XRayDocumentParser``), OpenTelemetry spans (OTLP/JSON and
/// Transaction Search records, alone or as log event messages, through ``OTelSpanReader``, lent
/// as one-node X-Ray documents), CloudWatch log events
/// (``LogEventReader``), EMF messages (from `emf` records or log event messages), trace
/// summaries, and framed records of anything else. Opening (compression, detection, framing,
/// the record limit) is ``OpenedInput``'s; skipped records go to the ``Diagnostics`` with their
/// location; a sink returning `false` stops the input.
///
/// An input that holds none of the kinds a sink demands is said once (``Diagnostics/unusedInput(_:)``, printed on stderr): what the
/// sink wanted (`inputs without X-Ray documents or spans (cwlogs-export)`), or, for a log sink given JSON
/// that is not observability data, a skipped record.
///
/// ```swift
/// var decoder = InputDecoder(logGroup: nil)
/// let records = decoder.decode(input, into: &sink, &diagnostics)
/// ```
public struct InputDecoder: Sendable {
    /// The log group for inputs that do not name one (S3 exports, filter-log-events).
    public var logGroup: String?
    /// Where records and bytes read are published while decoding (the progress line), or `nil`.
    public var progress: ProgressCounters?

    /// Creates a decoder.
    public init(logGroup: String? = nil, progress: ProgressCounters? = nil) {
        self.logGroup = logGroup
        self.progress = progress
    }

    /// Reads every record of `input` that `sink` demands, in input order.
    ///
    /// - Returns: the number of records read (documents, events or framed records, by format),
    ///   counted for `--stats` whether or not the sink used them.
    public func decode<Sink: RecordSink>(_ input: OpenedInput, into sink: inout Sink, _ diagnostics: inout Diagnostics) -> Int {
        let demand = sink.demand
        var meter = ProgressMeter(progress, reader: input.reader)
        defer { meter.finish() }
        switch input.format {
        case .xrayJSONL, .xrayDaemon, .xrayBatchGetTraces:
            if demand.contains(.xrayDocuments) {
                return decodeXRay(input, parsing: sink.xrayParsing, into: &sink, &diagnostics, &meter)
            }
            if demand.contains(.xrayDocumentText) { return decodeXRayText(input, into: &sink, &diagnostics, &meter) }
        case .cloudWatchExport, .cloudWatchSubscription, .lambdaLogsEvent, .kinesisLogsEvent, .firehoseLogsEvent,
            .logEventsJSON, .insightsResults:
            if demand.contains(.logEvents) || demand.contains(.emfMessages) || demand.contains(.xrayDocuments) {
                return decodeLogEvents(input, demand: demand, into: &sink, &diagnostics, &meter)
            }
        case .emfJSON:
            if demand.contains(.emfMessages) { return decodeEMFRecords(input, into: &sink, &diagnostics, &meter) }
        case .xrayTraceSummaries:
            if demand.contains(.traceSummaries) { return decodeTraceSummaries(input, into: &sink, &diagnostics, &meter) }
        case .otlpJSON, .awsSpans:
            if demand.contains(.xrayDocuments) { return decodeOTelSpans(input, into: &sink, &diagnostics, &meter) }
        case .otherJSON, .unknown:
            break
        }
        if demand.contains(.otherRecords) { return decodeOtherRecords(input, into: &sink, &diagnostics, &meter) }
        reportNothingWanted(input, demand: demand, &diagnostics)
        return 0
    }

    // MARK: X-Ray

    private func decodeXRay<Sink: RecordSink>(
        _ input: OpenedInput, parsing: XRayParsing, into sink: inout Sink, _ diagnostics: inout Diagnostics,
        _ meter: inout ProgressMeter
    ) -> Int {
        var parser = XRayDocumentParser(
            includeSubsegments: parsing.includeSubsegments, readsOnlySQLFieldsOfSubsegments: parsing.readsOnlySQLFieldsOfSubsegments)
        defer { parser.deallocate() }
        var reader = XRayDocumentReader(input)
        var records = 0
        reader.forEachDocument(&diagnostics) { bytes, location, diagnostics in
            records += 1
            meter.tick()
            do throws(JSONScanError) {
                try parser.parse(bytes)
            } catch {
                diagnostics.recordJSON(error, in: location)
                return true
            }
            if let missing = parser.nodes[0].missingRequiredField {
                diagnostics.record(DecodeError(.missingField(missing), at: location))
                return true
            }
            if let invalid = parser.nodes.invalidTimeField {
                diagnostics.record(DecodeError(.invalidField(invalid.name, detail: invalid.detail), at: location))
                return true
            }
            return sink.xrayDocument(XRayDocument(bytes: bytes, location: location, nodes: parser.nodes), &diagnostics)
        }
        return records
    }

    private func decodeXRayText<Sink: RecordSink>(
        _ input: OpenedInput, into sink: inout Sink, _ diagnostics: inout Diagnostics, _ meter: inout ProgressMeter
    ) -> Int {
        var reader = XRayDocumentReader(input)
        var records = 0
        reader.forEachDocument(&diagnostics) { bytes, location, diagnostics in
            records += 1
            meter.tick()
            return sink.xrayDocument(XRayDocument(bytes: bytes, location: location, nodes: []), &diagnostics)
        }
        return records
    }

    // MARK: CloudWatch Logs and EMF

    private func decodeLogEvents<Sink: RecordSink>(
        _ input: OpenedInput, demand: RecordDemand, into sink: inout Sink, _ diagnostics: inout Diagnostics,
        _ meter: inout ProgressMeter
    ) -> Int {
        var reader = LogEventReader(
            input.stream, format: input.format, framing: input.framing, path: input.source.name, logGroup: logGroup,
            maxRecordBytes: input.maxRecordBytes)
        let wantsEvents = demand.contains(.logEvents)
        let wantsEMF = demand.contains(.emfMessages)
        // Transaction Search spans (the aws/spans group exported or streamed) are messages too.
        let wantsSpans = demand.contains(.xrayDocuments)
        var spans = OTelSpanReader(parsing: sink.xrayParsing)
        defer { spans.deallocate() }
        var records = 0
        reader.forEachEvent(&diagnostics) { event, diagnostics in
            records += 1
            meter.tick()
            if wantsEvents && !sink.logEvent(event, &diagnostics) { return false }
            if wantsEMF {
                let message = EMFMessage(
                    bytes: event.message, location: event.location, referenceMillis: event.ingestionTimeMillis ?? event.timestampMillis)
                if !sink.emfMessage(message, &diagnostics) { return false }
            }
            if wantsSpans, OTelSpanReader.mayBeTransactionSearchSpan(event.message) {
                return spans.readTransactionSearchSpan(event.message, location: event.location, &diagnostics) { document, diagnostics in
                    sink.xrayDocument(document, &diagnostics)
                }
            }
            return true
        }
        if wantsSpans && !wantsEvents && !wantsEMF && spans.spansRead == 0 {
            diagnostics.unusedInput("inputs without X-Ray documents or spans (\(input.format.rawValue))")
        }
        return records
    }

    // MARK: OpenTelemetry

    private func decodeOTelSpans<Sink: RecordSink>(
        _ input: OpenedInput, into sink: inout Sink, _ diagnostics: inout Diagnostics, _ meter: inout ProgressMeter
    ) -> Int {
        var reader = OTelSpanReader(parsing: sink.xrayParsing)
        defer { reader.deallocate() }
        let isOTLP = input.format == .otlpJSON
        let records = forEachRecord(input, &diagnostics, &meter) { record, location, diagnostics in
            let more =
                isOTLP
                ? reader.readOTLP(record, location: location, &diagnostics) { document, diagnostics in sink.xrayDocument(document, &diagnostics) }
                : reader.readTransactionSearchSpan(record, location: location, &diagnostics) { document, diagnostics in
                    sink.xrayDocument(document, &diagnostics)
                }
            return more && !diagnostics.shouldStop
        }
        if reader.spansRead == 0 {
            let what = reader.otherSignal.map { "OTLP/JSON \($0), not spans" } ?? "no spans"
            diagnostics.unusedInput("inputs without X-Ray documents or spans (\(input.format.rawValue): \(what))")
        }
        return records
    }

    private func decodeEMFRecords<Sink: RecordSink>(
        _ input: OpenedInput, into sink: inout Sink, _ diagnostics: inout Diagnostics, _ meter: inout ProgressMeter
    ) -> Int {
        forEachRecord(input, &diagnostics, &meter) { record, location, diagnostics in
            sink.emfMessage(EMFMessage(bytes: record, location: location, referenceMillis: nil), &diagnostics) && !diagnostics.shouldStop
        }
    }

    // MARK: Other inputs

    private func decodeTraceSummaries<Sink: RecordSink>(
        _ input: OpenedInput, into sink: inout Sink, _ diagnostics: inout Diagnostics, _ meter: inout ProgressMeter
    ) -> Int {
        var summaries = 0
        forEachRecord(input, &diagnostics, &meter) { record, location, diagnostics in
            let decoded: [TraceSummary]
            do throws(JSONScanError) {
                decoded = try TraceSummaryDecoder.summaries(record, location: location, diagnostics: &diagnostics)
            } catch {
                diagnostics.recordJSON(error, in: location)
                return true
            }
            summaries += decoded.count
            return sink.traceSummaries(decoded, &diagnostics)
        }
        return summaries
    }

    private func decodeOtherRecords<Sink: RecordSink>(
        _ input: OpenedInput, into sink: inout Sink, _ diagnostics: inout Diagnostics, _ meter: inout ProgressMeter
    ) -> Int {
        forEachRecord(input, &diagnostics, &meter) { record, location, diagnostics in
            sink.otherRecord(OtherRecord(bytes: record, location: location, format: input.format), &diagnostics) && !diagnostics.shouldStop
        }
    }

    /// Frames `input`'s records (``RecordFramer``), ticking the meter for each, and hands each
    /// with its location to `body` until the input ends or `body` returns `false`.
    ///
    /// - Returns: the number of records framed.
    private func forEachRecord(
        _ input: OpenedInput, _ diagnostics: inout Diagnostics, _ meter: inout ProgressMeter,
        _ body: (UnsafeRawBufferPointer, InputLocation, inout Diagnostics) -> Bool
    ) -> Int {
        var framer = RecordFramer(input)
        var records = 0
        while let record = framer.next(&diagnostics) {
            records += 1
            meter.tick()
            if !body(record, framer.location, &diagnostics) { break }
        }
        return records
    }

    /// Says that `input` holds none of what the sink wants.
    private func reportNothingWanted(_ input: OpenedInput, demand: RecordDemand, _ diagnostics: inout Diagnostics) {
        let format = input.format.rawValue
        if demand.contains(.logEvents) && !demand.contains(.emfMessages) {
            let location = InputLocation(source: input.source.name)
            if input.format == .otherJSON || input.format == .unknown {
                diagnostics.record(DecodeError(.notObservabilityData("no CloudWatch log events (\(format))"), at: location))
            } else {
                diagnostics.unusedInput("inputs without CloudWatch log events (\(format))")
            }
        } else if demand.contains(.emfMessages) {
            diagnostics.unusedInput("inputs without EMF records or log events (\(format))")
        } else if demand.contains(.xrayDocuments) || demand.contains(.xrayDocumentText) {
            diagnostics.unusedInput("inputs without X-Ray documents or spans (\(format))")
        } else if demand.contains(.traceSummaries) {
            diagnostics.unusedInput("inputs without trace summaries (\(format))")
        }
    }
}
