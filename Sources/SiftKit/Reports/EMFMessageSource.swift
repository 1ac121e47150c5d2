import SiftBytes
import SiftFormats
import SiftModel

/// The messages of one input that may hold EMF records: each record of an `emf` input, or the
/// message of each CloudWatch log event (S3 export, subscription payloads, envelopes,
/// filter-log-events, Insights results).
enum EMFMessageSource {
    /// One candidate message.
    struct Message {
        /// The message bytes, valid during the call only.
        var bytes: UnsafeRawBufferPointer
        /// Where it was read.
        var location: InputLocation
        /// CloudWatch's reference time for the timestamp window: the ingestion time when the
        /// input has one, else the event's timestamp; `nil` for bare EMF records.
        var referenceMillis: Int64?
    }

    /// Calls `body` with every candidate message of `input`; returns the number of records read.
    ///
    /// Inputs that hold neither EMF records nor log events are noted once.
    static func forEach(
        _ input: OpenedInput, options: RunOptions, _ diagnostics: inout Diagnostics,
        _ body: (Message, inout Diagnostics) -> Void
    ) -> Int {
        var records = 0
        if input.format == .emfJSON {
            var framer = RecordFramer(input.stream, framing: input.framing, maxRecordBytes: options.maxRecordBytes)
            while let record = framer.next(&diagnostics) {
                records += 1
                body(Message(bytes: record, location: framer.location, referenceMillis: nil), &diagnostics)
                if diagnostics.shouldStop { break }
            }
        } else if input.format.holdsLogEvents {
            var reader = LogEventReader(
                input.stream, format: input.format, framing: input.framing, path: input.source.name,
                logGroup: options.logGroup, maxRecordBytes: options.maxRecordBytes)
            reader.forEachEvent(&diagnostics) { event, diagnostics in
                records += 1
                let reference = event.ingestionTimeMillis ?? event.timestampMillis
                body(Message(bytes: event.message, location: event.location, referenceMillis: reference), &diagnostics)
            }
        } else {
            diagnostics.note("inputs without EMF records or log events (\(input.format.rawValue))")
        }
        return records
    }
}
