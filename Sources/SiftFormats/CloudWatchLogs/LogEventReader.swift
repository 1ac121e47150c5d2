import SiftBytes
import SiftJSON
import SiftModel

/// Lends every CloudWatch log event of one input, whatever shape it was exported in.
///
/// - **S3 export** (`cwlogs-export`): `<ISO 8601 ms>Z <message>` lines. A line that does not start
///   with that timestamp continues the previous event (multi-line messages are written raw), joined
///   with `\n`; this is ambiguous when a continuation line itself starts with such a timestamp.
///   The stream comes from the key (``ExportKey/streamName(path:)``). Events are lent in file
///   order, which AWS does not sort.
/// - **Subscription payloads** (`cwlogs-subscription`): `DATA_MESSAGE` documents back to back
///   (Firehose objects: gzip members whose JSON runs together with no separator).
///   `CONTROL_MESSAGE`s are counted as ignored.
/// - **Envelopes**: Lambda `awslogs.data`, Kinesis `Records[].kinesis.data` and Firehose
///   transformation `records[].data`: base64 of gzip or zlib payloads. A record holding anything
///   but a subscription payload (plain text, other JSON) is reported as not observability data.
/// - **`filter-log-events` / `get-log-events`** responses (one, several appended, or an array),
///   and bare event objects one per line.
/// - **Logs Insights `get-query-results`**: rows with `@timestamp` and `@message`.
///
/// Delivery is at-least-once and exports may overlap: duplicates are lent as they appear.
/// Bad records are counted in the diagnostics and skipped; later records survive.
///
/// - Complexity: per export line, one timestamp parse and one copy into a reused message buffer;
///   JSON events are unescaped into reused buffers. No allocation per event in steady state.
///
/// ```swift
/// var reader = LogEventReader(stream, format: .cloudWatchExport, framing: .lines, path: path, logGroup: nil)
/// reader.forEachEvent(&diagnostics) { event, diagnostics in print(event.timestampMillis); return true }
/// ```
public struct LogEventReader {
    private let stream: any ByteStream
    private let format: InputFormat
    private let framing: RecordFraming
    private let path: String
    private let logGroup: String?
    private let maxRecordBytes: Int
    private var scanner = JSONScanner(UnsafeRawBufferPointer(start: nil, count: 0))
    private var payloadScanner = JSONScanner(UnsafeRawBufferPointer(start: nil, count: 0))
    private var fields = EventFieldReader()
    private var field: [UInt8] = []
    private var decoded: [UInt8] = []
    private var inflated: [UInt8] = []
    private var inflater: BufferInflater?

    /// Creates a reader.
    /// - Parameters:
    ///   - stream: the decompressed input.
    ///   - format: one of the CloudWatch Logs formats (``InputFormat/holdsLogEvents``).
    ///   - framing: as chosen when the input was opened: JSON formats are read as whole values,
    ///     except `filter-log-events` responses framed as ``RecordFraming/arrayElements(key:)``,
    ///     whose events are streamed one by one.
    ///   - path: the input's path: the S3 export stream name comes from it.
    ///   - logGroup: the group for events whose input does not name one.
    ///   - maxRecordBytes: the longest accepted line or JSON value.
    public init(
        _ stream: any ByteStream, format: InputFormat, framing: RecordFraming, path: String, logGroup: String?,
        maxRecordBytes: Int = LineFramer.defaultMaxLineBytes
    ) {
        self.stream = stream
        self.format = format
        self.framing = framing
        self.path = path
        self.logGroup = logGroup
        self.maxRecordBytes = maxRecordBytes
        fields.message.reserveCapacity(4096)
    }

    /// Calls `body` with each event, in input order, until it returns `false`.
    ///
    /// The view's `message` and `eventID` are valid only during the call. Inputs that hold no log
    /// events are reported once (the S3 `aws-logs-write-test` probe is counted as ignored). Once
    /// `body` returns `false` no further event is lent and reading ends at the next record.
    public mutating func forEachEvent(_ diagnostics: inout Diagnostics, _ body: (LogEventView, inout Diagnostics) -> Bool) {
        // The flag is reached through a pointer so the closures below capture a plain value
        // (a captured variable costs an exclusivity check per event).
        var stoppedFlag = false
        withUnsafeMutablePointer(to: &stoppedFlag) { stopped in
            forEachEvent(&diagnostics, stopped: stopped) { event, diagnostics in
                if !stopped.pointee { stopped.pointee = !body(event, &diagnostics) }
            }
        }
    }

    private mutating func forEachEvent(
        _ diagnostics: inout Diagnostics, stopped: UnsafeMutablePointer<Bool>, _ lend: (LogEventView, inout Diagnostics) -> Void
    ) {
        switch format {
        case .cloudWatchExport:
            readExport(&diagnostics, isStopped: { stopped.pointee }, lend)
        case .cloudWatchSubscription, .lambdaLogsEvent, .kinesisLogsEvent, .firehoseLogsEvent, .logEventsJSON, .insightsResults:
            var records = RecordFramer(stream, framing: streamsEvents ? framing : .values, maxRecordBytes: maxRecordBytes)
            while !stopped.pointee, let record = records.next(&diagnostics) {
                if diagnostics.shouldStop { return }
                decodeRecord(record, records.location, &diagnostics, lend)
            }
        default:
            let location = InputLocation(source: path)
            if ExportKey.isPermissionProbe(path: path) {
                diagnostics.record(DecodeError(.ignored("S3 export permission probe"), at: location))
            } else if format == .otherJSON || format == .unknown {
                diagnostics.record(DecodeError(.notObservabilityData("no CloudWatch log events (\(format.rawValue))"), at: location))
            } else {
                diagnostics.unusedInput("inputs without CloudWatch log events (\(format.rawValue))")
            }
        }
    }

    // MARK: S3 export lines

    private mutating func readExport(
        _ diagnostics: inout Diagnostics, isStopped: () -> Bool, _ body: (LogEventView, inout Diagnostics) -> Void
    ) {
        var lines = LineFramer(stream, maxLineBytes: maxRecordBytes)
        let streamName = ExportKey.streamName(path: path)
        var pending = false
        var timestamp: Int64 = 0
        var location = InputLocation(source: path)
        fields.message.removeAll(keepingCapacity: true)
        while !isStopped() {
            let line: UnsafeRawBufferPointer
            do throws(InputError) {
                guard let next = try lines.next() else { break }
                line = next
            } catch {
                diagnostics.record(DecodeError(error))
                if !error.isRecoverable || diagnostics.shouldStop { break }
                continue
            }
            if let millis = Self.exportTimestamp(line) {
                if pending { emitExport(timestamp, streamName, location, &diagnostics, body) }
                timestamp = millis
                location = lines.location
                fields.message.removeAll(keepingCapacity: true)
                fields.message.append(contentsOf: UnsafeRawBufferPointer(rebasing: line[25...]))
                pending = true
            } else if pending {
                fields.message.append(0x0A)
                fields.message.append(contentsOf: line)
            } else if !line.isEmpty {
                diagnostics.record(DecodeError(
                    .invalidField("timestamp", detail: "line does not start with an export timestamp and follows no event"),
                    at: lines.location))
                if diagnostics.shouldStop { return }
            }
        }
        if pending && !isStopped() { emitExport(timestamp, streamName, location, &diagnostics, body) }
    }

    private func emitExport(
        _ timestamp: Int64, _ streamName: String?, _ location: InputLocation, _ diagnostics: inout Diagnostics,
        _ body: (LogEventView, inout Diagnostics) -> Void
    ) {
        fields.message.withUnsafeBytes { bytes in
            body(LogEventView(timestampMillis: timestamp, group: logGroup, stream: streamName, message: bytes, location: location), &diagnostics)
        }
    }

    /// Milliseconds since the epoch for a line starting `YYYY-MM-DDTHH:MM:SS.mmmZ `, else `nil`.
    static func exportTimestamp(_ line: UnsafeRawBufferPointer) -> Int64? {
        guard FormatDetector.startsWithExportTimestamp(line) else { return nil }
        func number(_ at: Int, _ count: Int) -> Int64 {
            var value: Int64 = 0
            for i in at..<(at + count) { value = value * 10 + Int64(line[i] &- 0x30) }
            return value
        }
        let month = number(5, 2), day = number(8, 2), hour = number(11, 2), minute = number(14, 2), second = number(17, 2)
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        let days = Timestamp.daysFromCivil(year: number(0, 4), month: month, day: day)
        return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + number(20, 3)
    }

    // MARK: JSON records

    private mutating func decodeRecord(
        _ record: UnsafeRawBufferPointer, _ location: InputLocation, _ diagnostics: inout Diagnostics,
        _ body: (LogEventView, inout Diagnostics) -> Void
    ) {
        switch format {
        case .cloudWatchSubscription:
            decodePayload(record, location, offsetsInInput: true, &diagnostics, body)
        case .lambdaLogsEvent, .kinesisLogsEvent, .firehoseLogsEvent:
            decodeEnvelope(record, location, &diagnostics, body)
        case .logEventsJSON where streamsEvents:
            decodeEvent(record, location, &diagnostics, body)
        case .logEventsJSON:
            decodeResponse(record, location, &diagnostics, body)
        default:
            decodeInsights(record, location, &diagnostics, body)
        }
    }

    private func located(_ location: InputLocation, _ offset: Int) -> InputLocation {
        var at = location
        at.byteOffset += Int64(offset)
        return at
    }

    /// One subscription payload: `{"messageType", "logGroup", "logStream", "logEvents": [...]}`.
    ///
    /// Keys may come in any order: the first pass reads group and stream and keeps `logEvents`
    /// raw; the second lends its events.
    private mutating func decodePayload(
        _ payload: UnsafeRawBufferPointer, _ location: InputLocation, offsetsInInput: Bool, _ diagnostics: inout Diagnostics,
        _ body: (LogEventView, inout Diagnostics) -> Void
    ) {
        payloadScanner.reset(payload)
        var messageType: MessageType = .absent
        var group: String?
        var streamName: String?
        var events: UnsafeRawBufferPointer?
        var eventsOffset = 0
        do throws(JSONScanError) {
            guard try payloadScanner.peekKind() == .object else {
                diagnostics.record(DecodeError(.notObservabilityData("not a subscription payload object"), at: location))
                return
            }
            try payloadScanner.beginObject()
            while let key = try payloadScanner.nextKey() {
                if key.equals("messageType"), try payloadScanner.peekKind() == .string {
                    let value = try payloadScanner.readStringBytes()
                    messageType = value.equals("CONTROL_MESSAGE") ? .control : .data
                } else if key.equals("logGroup"), try payloadScanner.peekKind() == .string {
                    group = fields.names.name(try payloadScanner.readStringBytes())
                } else if key.equals("logStream"), try payloadScanner.peekKind() == .string {
                    streamName = fields.names.name(try payloadScanner.readStringBytes())
                } else if key.equals("logEvents"), try payloadScanner.peekKind() == .array {
                    eventsOffset = payloadScanner.offset
                    events = try payloadScanner.rawValue()
                } else {
                    try payloadScanner.skipValue()
                }
            }
        } catch {
            diagnostics.record(DecodeError(.json(error.reason), at: offsetsInInput ? located(location, error.offset) : location))
            return
        }
        if messageType == .control {
            diagnostics.record(DecodeError(.ignored("CONTROL_MESSAGE"), at: location))
            return
        }
        guard let events else {
            let kind: DecodeError.Kind =
                messageType == .absent ? .notObservabilityData("JSON without messageType or logEvents") : .missingField("logEvents")
            diagnostics.record(DecodeError(kind, at: location))
            return
        }
        if group?.isEmpty ?? true { group = logGroup }
        // Skip the whitespace rawValue may include before the array.
        while eventsOffset < payload.count, payload[eventsOffset] != UInt8(ascii: "[") { eventsOffset += 1 }
        payloadScanner.reset(events)
        do throws(JSONScanError) {
            try payloadScanner.beginArray()
            var index = 0
            while try payloadScanner.nextElement() {
                index += 1
                let at = offsetsInInput ? located(location, eventsOffset + payloadScanner.offset) : location
                var event = EventFields()
                try fields.readEventObject(&payloadScanner, &event)
                emitJSON(event, group: group, stream: streamName, at, &diagnostics, body)
                if diagnostics.shouldStop { return }
            }
        } catch {
            let at = offsetsInInput ? located(location, eventsOffset + error.offset) : location
            diagnostics.record(DecodeError(.json(error.reason), at: at))
        }
    }



    private func emitJSON(
        _ event: EventFields, group: String?, stream: String?, _ location: InputLocation, _ diagnostics: inout Diagnostics,
        _ body: (LogEventView, inout Diagnostics) -> Void
    ) {
        guard event.isObject else {
            diagnostics.record(DecodeError(.invalidField("logEvents", detail: "an event is not an object"), at: location))
            return
        }
        guard let timestamp = event.timestamp else {
            diagnostics.record(DecodeError(.missingField("timestamp"), at: location))
            return
        }
        guard event.hasMessage else {
            diagnostics.record(DecodeError(.missingField("message"), at: location))
            return
        }
        fields.message.withUnsafeBytes { messageBytes in
            fields.eventID.withUnsafeBytes { idBytes in
                body(
                    LogEventView(
                        timestampMillis: timestamp, ingestionTimeMillis: event.ingestionTime, group: group ?? logGroup,
                        stream: event.stream ?? stream, eventID: idBytes, message: messageBytes, location: location),
                    &diagnostics)
            }
        }
    }

    // MARK: Envelopes

    /// `{"awslogs":{"data":…}}`, `{"Records":[{"kinesis":{"data":…}}]}` or `{"records":[{"data":…}]}`.
    private mutating func decodeEnvelope(
        _ record: UnsafeRawBufferPointer, _ location: InputLocation, _ diagnostics: inout Diagnostics,
        _ body: (LogEventView, inout Diagnostics) -> Void
    ) {
        scanner.reset(record)
        var found = 0
        do throws(JSONScanError) {
            guard try scanner.peekKind() == .object else { return try scanner.skipValue() }
            try scanner.beginObject()
            while let key = try scanner.nextKey() {
                if key.equals("awslogs"), try scanner.peekKind() == .object {
                    try scanner.beginObject()
                    while let inner = try scanner.nextKey() {
                        if inner.equals("data"), try scanner.peekKind() == .string {
                            found += 1
                            try decodeData(location, label: "awslogs.data", &diagnostics, body)
                        } else {
                            try scanner.skipValue()
                        }
                    }
                } else if key.equals("Records") || key.equals("records"), try scanner.peekKind() == .array {
                    let isKinesis = key.equals("Records")
                    try scanner.beginArray()
                    var index = 0
                    while try scanner.nextElement() {
                        index += 1
                        guard try scanner.peekKind() == .object else { try scanner.skipValue(); continue }
                        try scanner.beginObject()
                        while let member = try scanner.nextKey() {
                            if isKinesis, member.equals("kinesis"), try scanner.peekKind() == .object {
                                try scanner.beginObject()
                                while let inner = try scanner.nextKey() {
                                    if inner.equals("data"), try scanner.peekKind() == .string {
                                        found += 1
                                        try decodeData(location, label: "Records[\(index - 1)].kinesis.data", &diagnostics, body)
                                    } else {
                                        try scanner.skipValue()
                                    }
                                }
                            } else if !isKinesis, member.equals("data"), try scanner.peekKind() == .string {
                                found += 1
                                try decodeData(location, label: "records[\(index - 1)].data", &diagnostics, body)
                            } else {
                                try scanner.skipValue()
                            }
                        }
                    }
                } else {
                    try scanner.skipValue()
                }
                if diagnostics.shouldStop { return }
            }
        } catch {
            diagnostics.record(DecodeError(.json(error.reason), at: located(location, error.offset)))
            return
        }
        if found == 0 { diagnostics.record(DecodeError(.missingField("data"), at: location)) }
    }

    /// Decodes the base64 string at the scanner, inflates it when compressed, and lends the payload's events.
    private mutating func decodeData(
        _ envelope: InputLocation, label: String, _ diagnostics: inout Diagnostics, _ body: (LogEventView, inout Diagnostics) -> Void
    ) throws(JSONScanError) {
        let at = located(envelope, scanner.offset)
        let encoded = try scanner.readStringBytes()
        if let bad = Base64.decode(encoded, into: &decoded) {
            diagnostics.record(DecodeError(.invalidField(label, detail: "invalid base64 at character \(bad)"), at: at))
            return
        }
        let compression = decoded.withUnsafeBytes { Compression.detect($0) }
        var payload = decoded
        if compression == .gzip || compression == .zlib {
            if inflater == nil { inflater = BufferInflater() }
            let problem = decoded.withUnsafeBytes { inflater!.inflate($0, into: &inflated) }
            if let problem {
                diagnostics.record(DecodeError(.input(problem), at: at))
                return
            }
            swap(&payload, &inflated)
            defer { swap(&payload, &inflated) }
            lendPayload(payload, at, label: label, &diagnostics, body)
            return
        }
        lendPayload(payload, at, label: label, &diagnostics, body)
    }

    private mutating func lendPayload(
        _ payload: [UInt8], _ at: InputLocation, label: String, _ diagnostics: inout Diagnostics,
        _ body: (LogEventView, inout Diagnostics) -> Void
    ) {
        payload.withUnsafeBytes { bytes in
            let first = bytes.first(where: { $0 > 0x20 })
            guard first == UInt8(ascii: "{") else {
                let what = first == nil ? "is empty" : "holds plain text"
                diagnostics.record(DecodeError(
                    .notObservabilityData("\(label) \(what), not a CloudWatch Logs subscription payload"), at: at))
                return
            }
            decodePayload(bytes, at, offsetsInInput: false, &diagnostics, body)
        }
    }

    // MARK: filter-log-events / get-log-events

    /// Whether records are the elements of `events` arrays (``RecordFraming/arrayElements(key:)``)
    /// rather than whole responses.
    private var streamsEvents: Bool {
        guard format == .logEventsJSON, case .arrayElements = framing else { return false }
        return true
    }

    /// One element of a response's `events` array, streamed.
    private mutating func decodeEvent(
        _ record: UnsafeRawBufferPointer, _ location: InputLocation, _ diagnostics: inout Diagnostics,
        _ body: (LogEventView, inout Diagnostics) -> Void
    ) {
        scanner.reset(record)
        do throws(JSONScanError) {
            var event = EventFields()
            try fields.readEventObject(&scanner, &event)
            try scanner.expectEnd()
            emitJSON(event, group: nil, stream: nil, location, &diagnostics, body)
        } catch {
            diagnostics.record(DecodeError(.json(error.reason), at: located(location, error.offset)))
        }
    }

    /// A response (`{"events":[…]}`), an array of responses or events, or one bare event object.
    private mutating func decodeResponse(
        _ record: UnsafeRawBufferPointer, _ location: InputLocation, _ diagnostics: inout Diagnostics,
        _ body: (LogEventView, inout Diagnostics) -> Void
    ) {
        scanner.reset(record)
        do throws(JSONScanError) {
            try decodeResponseValue(record, location, depth: 0, &diagnostics, body)
        } catch {
            diagnostics.record(DecodeError(.json(error.reason), at: located(location, error.offset)))
        }
    }

    private mutating func decodeResponseValue(
        _ record: UnsafeRawBufferPointer, _ location: InputLocation, depth: Int, _ diagnostics: inout Diagnostics,
        _ body: (LogEventView, inout Diagnostics) -> Void
    ) throws(JSONScanError) {
        let kind = try scanner.peekKind()
        if kind == .array && depth < 2 {
            try scanner.beginArray()
            while try scanner.nextElement() { try decodeResponseValue(record, location, depth: depth + 1, &diagnostics, body) }
            return
        }
        guard kind == .object else {
            let at = located(location, scanner.offset)
            try scanner.skipValue()
            diagnostics.record(DecodeError(.invalidField("events", detail: "expected an object"), at: at))
            return
        }
        let start = scanner.offset
        var bare = EventFields()
        var sawEventField = false
        var sawEvents = false
        fields.eventID.removeAll(keepingCapacity: true)
        try scanner.beginObject()
        while let key = try scanner.nextKey() {
            if key.equals("events"), try scanner.peekKind() == .array {
                sawEvents = true
                try scanner.beginArray()
                while try scanner.nextElement() {
                    let at = located(location, scanner.offset)
                    var event = EventFields()
                    try fields.readEventObject(&scanner, &event)
                    emitJSON(event, group: nil, stream: nil, at, &diagnostics, body)
                    if diagnostics.shouldStop { return }
                }
            } else if try fields.readEventField(key, &scanner, &bare) {
                sawEventField = true
            }
        }
        if sawEventField && !sawEvents {
            emitJSON(bare, group: nil, stream: nil, located(location, start), &diagnostics, body)
        } else if !sawEvents {
            diagnostics.record(DecodeError(.missingField("events"), at: located(location, start)))
        }
    }

    // MARK: Logs Insights

    /// `{"results":[[{"field":"@timestamp","value":…},…],…],"status":…}`.
    private mutating func decodeInsights(
        _ record: UnsafeRawBufferPointer, _ location: InputLocation, _ diagnostics: inout Diagnostics,
        _ body: (LogEventView, inout Diagnostics) -> Void
    ) {
        scanner.reset(record)
        var sawResults = false
        do throws(JSONScanError) {
            guard try scanner.peekKind() == .object else {
                try scanner.skipValue()
                diagnostics.record(DecodeError(.invalidField("results", detail: "expected an object"), at: location))
                return
            }
            try scanner.beginObject()
            while let key = try scanner.nextKey() {
                if key.equals("status"), try scanner.peekKind() == .string {
                    let status = try scanner.readStringBytes()
                    if !status.equals("Complete") {
                        diagnostics.note("Logs Insights results with status \(String(decoding: status, as: UTF8.self)) (may be partial)")
                    }
                } else if key.equals("results"), try scanner.peekKind() == .array {
                    sawResults = true
                    try scanner.beginArray()
                    var rows = 0
                    while try scanner.nextElement() {
                        rows += 1
                        let at = located(location, scanner.offset)
                        try decodeInsightsRow(at, &diagnostics, body)
                        if diagnostics.shouldStop { return }
                    }
                    if rows == 10_000 { diagnostics.note("Logs Insights results with exactly 10,000 rows (probably truncated)") }
                } else {
                    try scanner.skipValue()
                }
            }
        } catch {
            diagnostics.record(DecodeError(.json(error.reason), at: located(location, error.offset)))
            return
        }
        if !sawResults { diagnostics.record(DecodeError(.missingField("results"), at: location)) }
    }

    private mutating func decodeInsightsRow(
        _ at: InputLocation, _ diagnostics: inout Diagnostics, _ body: (LogEventView, inout Diagnostics) -> Void
    ) throws(JSONScanError) {
        guard try scanner.peekKind() == .array else {
            try scanner.skipValue()
            diagnostics.record(DecodeError(.invalidField("results", detail: "a row is not an array"), at: at))
            return
        }
        var event = EventFields()
        var group: String?
        fields.eventID.removeAll(keepingCapacity: true)
        fields.message.removeAll(keepingCapacity: true)
        try scanner.beginArray()
        while try scanner.nextElement() {
            guard try scanner.peekKind() == .object else { try scanner.skipValue(); continue }
            field.removeAll(keepingCapacity: true)
            decoded.removeAll(keepingCapacity: true)
            try scanner.beginObject()
            while let key = try scanner.nextKey() {
                if key.equals("field"), try scanner.peekKind() == .string {
                    field.append(contentsOf: try scanner.readStringBytes())
                } else if key.equals("value"), try scanner.peekKind() == .string {
                    decoded.append(contentsOf: try scanner.readStringBytes())
                } else {
                    try scanner.skipValue()
                }
            }
            field.withUnsafeBytes { name in
                decoded.withUnsafeBytes { value in
                    if name.equals("@timestamp") {
                        event.timestamp = Timestamp.parseISO8601(value).map { $0 / 1_000_000 }
                    } else if name.equals("@message") {
                        fields.message.append(contentsOf: value)
                        event.hasMessage = true
                    } else if name.equals("@logStream") {
                        event.stream = fields.names.name(value)
                    } else if name.equals("@log") {
                        // `accountId:logGroupName`.
                        let colon = value.firstIndex(of: UInt8(ascii: ":")).map { $0 + 1 } ?? 0
                        group = fields.names.name(UnsafeRawBufferPointer(rebasing: value[colon...]))
                    } else if name.equals("@ingestionTime") {
                        event.ingestionTime = Timestamp.parseISO8601(value).map { $0 / 1_000_000 }
                    }
                }
            }
        }
        if event.timestamp != nil && !event.hasMessage {
            diagnostics.record(DecodeError(.ignored("Logs Insights row without @message"), at: at))
            return
        }
        emitJSON(event, group: group, stream: nil, at, &diagnostics, body)
    }
}

/// Fields of one JSON event; `message` and `eventID` live in the reader's buffers.
private struct EventFields {
    var timestamp: Int64?
    var ingestionTime: Int64?
    var hasMessage = false
    var stream: String?
    var isObject = true
}

private enum MessageType { case absent, data, control }

/// Reads the members of JSON events into reused buffers (kept apart from the reader's scanners
/// so both can be borrowed at once).
private struct EventFieldReader {
    /// The current event's message bytes.
    var message: [UInt8] = []
    /// The current event's id bytes.
    var eventID: [UInt8] = []
    /// Group and stream names.
    var names = NameCache()

    /// Reads `{"id"|"eventId", "timestamp", "message", "ingestionTime", "logStreamName"}`, ignoring other keys.
    mutating func readEventObject(_ scanner: inout JSONScanner, _ event: inout EventFields) throws(JSONScanError) {
        eventID.removeAll(keepingCapacity: true)
        guard try scanner.peekKind() == .object else {
            event.isObject = false
            return try scanner.skipValue()
        }
        try scanner.beginObject()
        while let key = try scanner.nextKey() {
            try readEventField(key, &scanner, &event)
        }
    }

    /// Reads one event member if it is one of the event's fields; skips it otherwise. Returns whether it was.
    @discardableResult
    mutating func readEventField(
        _ key: UnsafeRawBufferPointer, _ scanner: inout JSONScanner, _ event: inout EventFields
    ) throws(JSONScanError) -> Bool {
        let kind = try scanner.peekKind()
        if kind == .null { try scanner.skipValue(); return false }
        if key.equals("timestamp") {
            event.timestamp = try readMillis(&scanner, kind)
        } else if key.equals("message") {
            if kind == .string {
                message.removeAll(keepingCapacity: true)
                message.append(contentsOf: try scanner.readStringBytes())
            } else {
                // A non-string message (rare, hand-built files): keep its JSON text.
                message.removeAll(keepingCapacity: true)
                message.append(contentsOf: try scanner.rawValue())
            }
            event.hasMessage = true
        } else if key.equals("id") || key.equals("eventId") {
            eventID.removeAll(keepingCapacity: true)
            if kind == .string { eventID.append(contentsOf: try scanner.readStringBytes()) } else { eventID.append(contentsOf: try scanner.rawValue()) }
        } else if key.equals("ingestionTime") {
            event.ingestionTime = try readMillis(&scanner, kind)
        } else if key.equals("logStreamName"), kind == .string {
            event.stream = names.name(try scanner.readStringBytes())
        } else {
            try scanner.skipValue()
            return false
        }
        return true
    }

    /// Epoch milliseconds as a JSON number, or a decimal / ISO 8601 string.
    func readMillis(_ scanner: inout JSONScanner, _ kind: JSONKind) throws(JSONScanError) -> Int64? {
        if kind == .number { return Int64(exactly: (try scanner.readDouble()).rounded()) }
        if kind == .string {
            let text = try scanner.readStringBytes()
            if let nanos = Timestamp.parseISO8601(text) { return nanos / 1_000_000 }
            var value: Int64 = 0
            for byte in text {
                guard byte >= 0x30 && byte <= 0x39, value < Int64.max / 10 else { return nil }
                value = value * 10 + Int64(byte - 0x30)
            }
            return text.isEmpty ? nil : value
        }
        try scanner.skipValue()
        return nil
    }

}

/// Strings for group and stream names, made once per distinct name (a few per input).
private struct NameCache {
    private var entries: [(bytes: [UInt8], name: String)] = []

    mutating func name(_ bytes: UnsafeRawBufferPointer) -> String {
        for entry in entries where entry.bytes.count == bytes.count {
            if entry.bytes.withUnsafeBytes({ $0.equals(bytes) }) { return entry.name }
        }
        let name = String(decoding: bytes, as: UTF8.self)
        if entries.count >= 64 { entries.removeFirst() }
        entries.append(([UInt8](bytes), name))
        return name
    }
}
