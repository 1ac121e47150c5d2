import SiftBytes
import SiftJSON
import SiftModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads OpenTelemetry spans and lends each one as a one-node ``XRayDocument``, so every span
/// report reads them unchanged.
///
/// Two shapes:
/// - OTLP/JSON (`ExportTraceServiceRequest`, the collector file exporter's lines):
///   `resourceSpans[].scopeSpans[].spans[]` (or the older `instrumentationLibrarySpans`), typed
///   attribute lists (`stringValue`, `intValue` as a string, `boolValue`, `doubleValue`,
///   `arrayValue`, `kvlistValue`, `bytesValue`), hex or base64 ids, nanoseconds as strings or
///   numbers, `kind` and `status.code` as integers or names; snake_case names accepted too.
/// - X-Ray Transaction Search records (the `aws/spans` log group): one span per JSON object with
///   its `resource` and `scope`, plain attribute maps, names for `kind` and `status.code`,
///   nanoseconds as numbers, `durationNano`.
///
/// Each span's node is filled by the semantic conventions, old and new (the newer wins): see the
/// README's "OpenTelemetry spans" section for every mapping. Its byte views point into the
/// record, into an arena sized to the record (strings with escapes), or into a scratch buffer
/// the reader owns (the X-Ray trace id, time texts, small JSON objects); they are valid during
/// the callback only. A span without `traceId`, `spanId`, `startTimeUnixNano` or an end, or with
/// a field of the wrong type, is skipped, counted and located; the spans around it are read.
/// Invalid JSON ends the record at the error (the spans before it were lent).
///
/// What is read follows the sink's ``XRayParsing``: `.full` reads everything; `.segmentsOnly`
/// skips the attributes and events of spans already known not to be requests; `.sqlFields`
/// builds no `metadata` and no `cause`.
///
/// ```swift
/// var reader = OTelSpanReader(parsing: .full)
/// defer { reader.deallocate() }
/// _ = reader.readOTLP(line, location: location, &diagnostics) { document, diagnostics in ...; return true }
/// ```
public struct OTelSpanReader {
    public typealias Body = (XRayDocument, inout Diagnostics) -> Bool

    private var scanner = JSONScanner(UnsafeRawBufferPointer(start: nil, count: 0))
    private var builder: OTelSpanBuilder

    /// Creates a reader that reads what `parsing` asks for.
    public init(parsing: XRayParsing = .full) {
        let detail: OTelSpanBuilder.Detail =
            parsing == .full ? .full : parsing.readsOnlySQLFieldsOfSubsegments ? .sql : parsing.includeSubsegments ? .full : .segments
        builder = OTelSpanBuilder(detail: detail)
    }

    /// Releases the buffers. The reader must not be used afterwards.
    public mutating func deallocate() { builder.deallocate() }

    /// Spans met so far, lent or skipped.
    public var spansRead: Int { builder.spansRead }

    /// Whether an OTLP record held `resourceSpans`.
    public var sawTraces: Bool { builder.sawTraces }

    /// The other OTLP signal met (`metrics` or `logs`) when records held no spans.
    public var otherSignal: String? { builder.otherSignal }

    /// Reads one OTLP/JSON `ExportTraceServiceRequest` (`TracesData`) record.
    ///
    /// - Returns: `false` when `body` returned `false` (stop the input).
    public mutating func readOTLP(
        _ record: UnsafeRawBufferPointer, location: InputLocation, _ diagnostics: inout Diagnostics, _ body: Body
    ) -> Bool {
        builder.begin(record, location)
        scanner.reset(record)
        do throws(JSONScanError) {
            return try builder.readRequest(&scanner, &diagnostics, body)
        } catch {
            diagnostics.recordJSON(error, in: location)
            return true
        }
    }

    /// Reads one Transaction Search span record (a raw line, or a log event's message).
    ///
    /// - Returns: `false` when `body` returned `false` (stop the input).
    public mutating func readTransactionSearchSpan(
        _ record: UnsafeRawBufferPointer, location: InputLocation, _ diagnostics: inout Diagnostics, _ body: Body
    ) -> Bool {
        builder.begin(record, location)
        scanner.reset(record)
        do throws(JSONScanError) {
            builder.resetContext()
            guard let span = try builder.readSpan(&scanner, bufferOffset: 0, &diagnostics) else { return true }
            try scanner.expectEnd()
            return builder.deliver(span, &diagnostics, body)
        } catch {
            diagnostics.recordJSON(error, in: location)
            return true
        }
    }

    /// Whether a log event's message may be a Transaction Search span: a JSON object that
    /// mentions `"spanId"`. Cheap for ordinary messages (the first byte decides most).
    public static func mayBeTransactionSearchSpan(_ message: UnsafeRawBufferPointer) -> Bool {
        var start = 0
        while start < message.count, message[start] == 0x20 || message[start] == 0x09 { start += 1 }
        guard start < message.count, message[start] == UInt8(ascii: "{"), message.count - start > 40 else { return false }
        return contains(message, "\"spanId\"") && contains(message, "\"traceId\"")
    }

    private static func contains(_ haystack: UnsafeRawBufferPointer, _ needle: StaticString) -> Bool {
        let n = needle.utf8CodeUnitCount
        guard haystack.count >= n, let base = haystack.baseAddress else { return false }
        let first = needle.utf8Start[0]
        var i = 0
        let last = haystack.count - n
        while i <= last {
            guard let hit = memchr(base + i, Int32(first), last - i + 1) else { return false }
            let at = base.distance(to: UnsafeRawPointer(hit))
            if memcmp(base + at, needle.utf8Start, n) == 0 { return true }
            i = at + 1
        }
        return false
    }
}

/// The work of ``OTelSpanReader``: walks the JSON with scanners it is given (the reader's, or
/// its own for values met out of order) and maps each span.
struct OTelSpanBuilder {
    /// How much of each span is read (from the sink's ``XRayParsing``).
    enum Detail { case full, segments, sql }

    let detail: Detail
    /// Reads `scopeSpans` met before their `resource`.
    private var deferredScanner = JSONScanner(UnsafeRawBufferPointer(start: nil, count: 0))
    /// Reads attribute values met before their key.
    private var valueScanner = JSONScanner(UnsafeRawBufferPointer(start: nil, count: 0))
    /// Unescapes strings whose raw text was taken.
    private var stringScanner = JSONScanner(UnsafeRawBufferPointer(start: nil, count: 0))
    private var arena = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    private var arenaUsed = 0
    private var record = XRayNode.empty
    private var location = InputLocation(source: "")
    private var scratch = OTelScratch()
    /// The resource attributes of the spans being read, as plain JSON (written once per resource).
    private var resourceScratch = OTelScratch(capacity: 1024)
    private var fields = OTelSpanFields()
    var resource = OTelResource()
    private var exceptions: [(type: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer)] = []
    private var deferred: [UnsafeRawBufferPointer] = []
    private var nodes: [XRayNode] = [XRayNode()]
    private var decoded: [UInt8] = []
    /// Whether the metadata object being written has a member yet.
    private var metadataHasMember = false
    private(set) var spansRead = 0
    private(set) var sawTraces = false
    private(set) var otherSignal: String?

    init(detail: Detail) {
        self.detail = detail
        exceptions.reserveCapacity(4)
    }

    mutating func deallocate() {
        arena.deallocate()
        arena = UnsafeMutableRawBufferPointer(start: nil, count: 0)
        scratch.deallocate()
        resourceScratch.deallocate()
    }

    /// Starts a record: strings with escapes are copied to an arena at least as large (unescaped
    /// text is never longer than its source, and each is copied once, so it never moves).
    mutating func begin(_ record: UnsafeRawBufferPointer, _ location: InputLocation) {
        self.record = record
        self.location = location
        if arena.count < record.count {
            arena.deallocate()
            arena = .allocate(byteCount: max(record.count, 4096), alignment: 1)
        }
        arenaUsed = 0
    }

    /// Forgets the resource and scope (a Transaction Search record carries its own).
    mutating func resetContext() {
        resource = OTelResource()
        scopeName = XRayNode.empty
    }

    /// `bytes` made valid for the whole record: slices of the record as they are, anything else
    /// (a scanner's unescaped scratch) copied to the arena.
    @inline(__always)
    private mutating func capture(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        guard let start = bytes.baseAddress, let recordStart = record.baseAddress else { return bytes }
        if start >= recordStart && start + bytes.count <= recordStart + record.count { return bytes }
        guard arenaUsed + bytes.count <= arena.count else { return XRayNode.empty }
        let destination = arena.baseAddress! + arenaUsed
        destination.copyMemory(from: start, byteCount: bytes.count)
        arenaUsed += bytes.count
        return UnsafeRawBufferPointer(start: destination, count: bytes.count)
    }

    private func offset(of bytes: UnsafeRawBufferPointer) -> Int {
        guard let start = bytes.baseAddress, let recordStart = record.baseAddress else { return 0 }
        return recordStart.distance(to: start)
    }

    // MARK: OTLP structure

    mutating func readRequest(_ s: inout JSONScanner, _ diagnostics: inout Diagnostics, _ body: OTelSpanReader.Body) throws(JSONScanError) -> Bool {
        guard try s.peekKind() == .object else {
            diagnostics.record(DecodeError(.invalidField("record", detail: "not a JSON object"), at: location))
            try s.skipValue()
            return true
        }
        try s.beginObject()
        while let key = try s.nextKey() {
            if key.equals("resourceSpans") || key.equals("resource_spans") {
                sawTraces = true
                guard try s.peekKind() == .array else {
                    try s.skipValue()
                    continue
                }
                try s.beginArray()
                while try s.nextElement() {
                    guard try readResourceSpans(&s, &diagnostics, body) else { return false }
                }
            } else {
                if key.equals("resourceMetrics") || key.equals("resource_metrics") { otherSignal = "metrics" }
                if key.equals("resourceLogs") || key.equals("resource_logs") { otherSignal = "logs" }
                try s.skipValue()
            }
        }
        return true
    }

    private mutating func readResourceSpans(
        _ s: inout JSONScanner, _ diagnostics: inout Diagnostics, _ body: OTelSpanReader.Body
    ) throws(JSONScanError) -> Bool {
        guard try s.peekKind() == .object else {
            try s.skipValue()
            return true
        }
        try s.beginObject()
        resource = OTelResource()
        deferred.removeAll(keepingCapacity: true)
        var sawResource = false
        while let key = try s.nextKey() {
            if key.equals("resource") {
                try readResource(&s)
                sawResource = true
            } else if key.equals("scopeSpans") || key.equals("instrumentationLibrarySpans") || key.equals("scope_spans")
                || key.equals("instrumentation_library_spans")
            {
                if sawResource {
                    guard try readScopeSpansList(&s, bufferOffset: 0, &diagnostics, body) else { return false }
                } else {
                    // Read once the resource (the service) is known.
                    deferred.append(try s.rawValue())
                }
            } else {
                try s.skipValue()
            }
        }
        guard !deferred.isEmpty else { return true }
        let lists = deferred
        var scanner = deferredScanner
        defer { deferredScanner = scanner }
        for list in lists {
            scanner.reset(list)
            let bufferOffset = offset(of: list)
            do throws(JSONScanError) {
                guard try readScopeSpansList(&scanner, bufferOffset: bufferOffset, &diagnostics, body) else { return false }
            } catch {
                throw JSONScanError(error.reason, at: error.offset + bufferOffset)
            }
        }
        return true
    }

    /// A `resource`: `service.name` and `service.version` kept, and (unless only SQL fields are
    /// read) every attribute written as plain JSON to the resource scratch.
    private mutating func readResource(_ s: inout JSONScanner) throws(JSONScanError) {
        resource = OTelResource()
        guard try s.peekKind() == .object else { return try s.skipValue() }
        try s.beginObject()
        while let key = try s.nextKey() {
            if key.equals("attributes") {
                let emit = detail != .sql
                // Attributes are written to `scratch`: lend it the resource's buffer meanwhile.
                swap(&scratch, &resourceScratch)
                scratch.reset()
                defer {
                    if emit { resource.json = 0..<scratch.count }
                    swap(&scratch, &resourceScratch)
                }
                try readAttributes(&s, owner: .resource, emit: emit)
            } else {
                try s.skipValue()
            }
        }
    }

    private mutating func readScopeSpansList(
        _ s: inout JSONScanner, bufferOffset: Int, _ diagnostics: inout Diagnostics, _ body: OTelSpanReader.Body
    ) throws(JSONScanError) -> Bool {
        guard try s.peekKind() == .array else {
            try s.skipValue()
            return true
        }
        try s.beginArray()
        while try s.nextElement() {
            guard try s.peekKind() == .object else {
                try s.skipValue()
                continue
            }
            try s.beginObject()
            scopeName = XRayNode.empty
            while let key = try s.nextKey() {
                if key.equals("scope") || key.equals("instrumentationLibrary") || key.equals("instrumentation_library") {
                    try readScope(&s)
                    continue
                }
                guard key.equals("spans"), try s.peekKind() == .array else {
                    try s.skipValue()
                    continue
                }
                try s.beginArray()
                while try s.nextElement() {
                    guard let span = try readSpan(&s, bufferOffset: bufferOffset, &diagnostics) else { continue }
                    guard deliver(span, &diagnostics, body) else { return false }
                    if diagnostics.shouldStop { return false }
                }
            }
        }
        return true
    }

    // MARK: Spans

    /// Reads one span object into ``fields``.
    ///
    /// - Returns: the span's bytes and location, or `nil` when it is not an object (counted).
    mutating func readSpan(
        _ s: inout JSONScanner, bufferOffset: Int, _ diagnostics: inout Diagnostics
    ) throws(JSONScanError) -> (bytes: UnsafeRawBufferPointer, location: InputLocation)? {
        let kind = try s.peekKind()
        var at = location
        at.byteOffset += Int64(bufferOffset + s.offset)
        guard kind == .object else {
            spansRead += 1
            try s.skipValue()
            diagnostics.record(DecodeError(.invalidField("span", detail: "not a JSON object"), at: at))
            return nil
        }
        let start = bufferOffset + s.offset
        fields = OTelSpanFields()
        exceptions.removeAll(keepingCapacity: true)
        scratch.reset()
        try s.beginObject()
        while let key = try s.nextKey() {
            guard let valueKind = try valueKind(&s) else { continue }
            switch key.count {
            case 4 where key.equals("name"): fields.name = try string(&s, valueKind, "name")
            case 4 where key.equals("kind"): try readKind(&s, valueKind)
            case 6 where key.equals("spanId"): fields.spanID = try string(&s, valueKind, "spanId")
            case 6 where key.equals("status"): try readStatus(&s, valueKind)
            case 6 where key.equals("events"): try readEvents(&s, valueKind)
            case 7 where key.equals("traceId"): fields.traceID = try string(&s, valueKind, "traceId")
            case 7 where key.equals("span_id"): fields.spanID = try string(&s, valueKind, "spanId")
            case 8 where key.equals("trace_id"): fields.traceID = try string(&s, valueKind, "traceId")
            case 8 where key.equals("resource"): try readResource(&s)
            case 5 where key.equals("scope"): try readScope(&s)
            case 10 where key.equals("attributes"):
                if wantsDetail {
                    try readAttributes(&s, owner: .span, emit: detail != .sql)
                } else {
                    try s.skipValue()
                }
            case 12 where key.equals("parentSpanId"): fields.parentSpanID = try string(&s, valueKind, "parentSpanId")
            case 12 where key.equals("durationNano"): fields.duration = try nanoseconds(&s, valueKind, "durationNano")
            case 14 where key.equals("parent_span_id"): fields.parentSpanID = try string(&s, valueKind, "parentSpanId")
            case 15 where key.equals("endTimeUnixNano"): fields.end = try nanoseconds(&s, valueKind, "endTimeUnixNano")
            case 17 where key.equals("startTimeUnixNano"): fields.start = try nanoseconds(&s, valueKind, "startTimeUnixNano")
            case 18 where key.equals("end_time_unix_nano"): fields.end = try nanoseconds(&s, valueKind, "endTimeUnixNano")
            case 20 where key.equals("start_time_unix_nano"): fields.start = try nanoseconds(&s, valueKind, "startTimeUnixNano")
            default: try s.skipValue()
            }
        }
        spansRead += 1
        at.byteOffset = location.byteOffset + Int64(start)
        return (UnsafeRawBufferPointer(rebasing: record[start..<(bufferOffset + s.offset)]), at)
    }

    /// `scope.name` (the instrumentation scope of the spans that follow).
    private mutating func readScope(_ s: inout JSONScanner) throws(JSONScanError) {
        guard try s.peekKind() == .object else { return try s.skipValue() }
        try s.beginObject()
        while let key = try s.nextKey() {
            if key.equals("name"), try s.peekKind() == .string {
                scopeName = capture(try s.readStringBytes())
            } else {
                try s.skipValue()
            }
        }
    }

    private var scopeName = XRayNode.empty

    /// Whether the span's attributes and events are read: always, except in `.segments` for a
    /// span already known not to be a request.
    private var wantsDetail: Bool { detail != .segments || !fields.kindSeen || fields.isRequest }

    /// The kind of the member value at hand, or `nil` after skipping `null` (treated as absent).
    @inline(__always)
    private func valueKind(_ s: inout JSONScanner) throws(JSONScanError) -> JSONKind? {
        let kind = try s.peekKind()
        if kind != .null { return kind }
        try s.skipValue()
        return nil
    }

    private mutating func string(_ s: inout JSONScanner, _ kind: JSONKind, _ name: String) throws(JSONScanError) -> UnsafeRawBufferPointer {
        guard kind == .string else {
            if fields.invalid == nil { fields.invalid = name }
            try s.skipValue()
            return XRayNode.empty
        }
        return capture(try s.readStringBytes())
    }

    /// Integer nanoseconds from a decimal string or a JSON number (never through a double).
    private mutating func nanoseconds(_ s: inout JSONScanner, _ kind: JSONKind, _ name: String) throws(JSONScanError) -> Int64? {
        switch kind {
        case .string:
            if let value = OTelValue.parseInteger(try s.readStringBytes()), value >= 0 { return value }
        case .number:
            if let value = try? s.readInt64() {
                if value >= 0 { return value }
            } else {
                try s.skipValue()
            }
        default:
            try s.skipValue()
        }
        if fields.invalid == nil { fields.invalid = name }
        return nil
    }

    private mutating func readKind(_ s: inout JSONScanner, _ kind: JSONKind) throws(JSONScanError) {
        fields.kindSeen = true
        switch kind {
        case .number:
            fields.kind = OTelSpanBuilder.enumValue(try integer(&s), limit: 5)
        case .string:
            var name = try s.readStringBytes()
            if name.count > 10, UnsafeRawBufferPointer(rebasing: name[..<10]).equals("SPAN_KIND_") {
                name = UnsafeRawBufferPointer(rebasing: name[10...])
            }
            fields.kind = OTelSpanBuilder.kindNames.firstIndex { OTelSpanBuilder.equalsIgnoringCase(name, $0) } ?? 0
        default:
            try s.skipValue()
            if fields.invalid == nil { fields.invalid = "kind" }
        }
    }

    /// A JSON number as an integer, or `nil` (consumed) when it is not one.
    private func integer(_ s: inout JSONScanner) throws(JSONScanError) -> Int64? {
        if let value = try? s.readInt64() { return value }
        try s.skipValue()
        return nil
    }

    private static func enumValue(_ value: Int64?, limit: Int64) -> Int {
        guard let value, value >= 0, value <= limit else { return 0 }
        return Int(value)
    }

    private static let kindNames: [StaticString] = ["UNSPECIFIED", "INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER"]
    private static let statusNames: [StaticString] = ["UNSET", "OK", "ERROR"]

    private static func equalsIgnoringCase(_ bytes: UnsafeRawBufferPointer, _ upper: StaticString) -> Bool {
        guard bytes.count == upper.utf8CodeUnitCount else { return false }
        for i in 0..<bytes.count where OTelSpanBuilder.uppercased(bytes[i]) != upper.utf8Start[i] { return false }
        return true
    }

    @inline(__always)
    private static func uppercased(_ byte: UInt8) -> UInt8 { (byte &- UInt8(ascii: "a")) < 26 ? byte & 0xDF : byte }

    private mutating func readStatus(_ s: inout JSONScanner, _ kind: JSONKind) throws(JSONScanError) {
        guard kind == .object else {
            try s.skipValue()
            return
        }
        try s.beginObject()
        while let key = try s.nextKey() {
            guard let valueKind = try valueKind(&s) else { continue }
            if key.equals("code") {
                if valueKind == .number {
                    fields.statusCode = OTelSpanBuilder.enumValue(try integer(&s), limit: 2)
                } else if valueKind == .string {
                    var name = try s.readStringBytes()
                    if name.count > 12, UnsafeRawBufferPointer(rebasing: name[..<12]).equals("STATUS_CODE_") {
                        name = UnsafeRawBufferPointer(rebasing: name[12...])
                    }
                    fields.statusCode = OTelSpanBuilder.statusNames.firstIndex { OTelSpanBuilder.equalsIgnoringCase(name, $0) } ?? 0
                } else {
                    try s.skipValue()
                }
            } else if key.equals("message"), valueKind == .string {
                fields.statusMessage = capture(try s.readStringBytes())
            } else {
                try s.skipValue()
            }
        }
    }

    /// `events[]`: `exception` events become the cause's exceptions; other events are dropped.
    private mutating func readEvents(_ s: inout JSONScanner, _ kind: JSONKind) throws(JSONScanError) {
        guard kind == .array, detail != .sql, wantsDetail else { return try s.skipValue() }
        try s.beginArray()
        while try s.nextElement() {
            guard try s.peekKind() == .object else {
                try s.skipValue()
                continue
            }
            try s.beginObject()
            var isException = false
            eventType = XRayNode.empty
            eventMessage = XRayNode.empty
            while let key = try s.nextKey() {
                if key.equals("name"), try s.peekKind() == .string {
                    isException = try s.readStringBytes().equals("exception")
                } else if key.equals("attributes") {
                    try readAttributes(&s, owner: .event, emit: false)
                } else {
                    try s.skipValue()
                }
            }
            if isException { exceptions.append((eventType, eventMessage)) }
        }
    }

    private var eventType = XRayNode.empty
    private var eventMessage = XRayNode.empty

    // MARK: Attributes

    enum Owner { case span, resource, event }

    /// Reads an attribute list (OTLP `[{key, value}]`) or a plain attribute map (Transaction
    /// Search), keeping what the mapping reads; with `emit`, writes them all to the scratch as
    /// `{"default":{…}}` (the `metadata` of the node) with plain JSON values.
    private mutating func readAttributes(_ s: inout JSONScanner, owner: Owner, emit: Bool) throws(JSONScanError) {
        let kind = try s.peekKind()
        guard kind == .array || kind == .object else { return try s.skipValue() }
        let metadataStart = scratch.count
        if emit {
            scratch.append(owner == .resource ? "{" : "{\"default\":{")
            metadataHasMember = false
        }
        if kind == .array {
            try s.beginArray()
            while try s.nextElement() {
                guard try s.peekKind() == .object else {
                    try s.skipValue()
                    continue
                }
                try s.beginObject()
                var key = XRayNode.empty
                var rawKey = XRayNode.empty
                var pending = XRayNode.empty
                var done = false
                while let member = try s.nextKey() {
                    if member.equals("key"), try s.peekKind() == .string {
                        rawKey = try s.rawValue()
                        key = unquoted(rawKey)
                    } else if member.equals("value"), !done {
                        if rawKey.isEmpty {
                            pending = try s.rawValue()
                        } else {
                            try attribute(key, rawKey: rawKey, &s, typed: true, owner: owner, emit: emit)
                            done = true
                        }
                    } else {
                        try s.skipValue()
                    }
                }
                if !done, !rawKey.isEmpty, !pending.isEmpty {
                    var scanner = valueScanner
                    scanner.reset(pending)
                    let bufferOffset = offset(of: pending)
                    do throws(JSONScanError) {
                        try attribute(key, rawKey: rawKey, &scanner, typed: true, owner: owner, emit: emit)
                    } catch {
                        valueScanner = scanner
                        throw JSONScanError(error.reason, at: error.offset + bufferOffset)
                    }
                    valueScanner = scanner
                }
            }
        } else {
            try s.beginObject()
            while let name = try s.nextKey() {
                let key = capture(name)
                try attribute(key, rawKey: XRayNode.empty, &s, typed: false, owner: owner, emit: emit)
            }
        }
        if emit {
            scratch.append(owner == .resource ? "}" : "}}")
            if owner == .span { fields.metadata = metadataStart..<scratch.count }
        }
    }

    /// The text of a raw JSON string, unescaped (into the arena) when it has escapes.
    private mutating func unquoted(_ raw: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        let inner = UnsafeRawBufferPointer(rebasing: raw[1..<(raw.count - 1)])
        guard inner.contains(UInt8(ascii: "\\")) else { return inner }
        stringScanner.reset(raw)
        guard let text = try? stringScanner.readStringBytes() else { return XRayNode.empty }
        return capture(text)
    }

    /// One attribute: its value read (typed `AnyValue` or plain JSON), kept when the mapping
    /// reads it, and written to the metadata with `emit`.
    private mutating func attribute(
        _ key: UnsafeRawBufferPointer, rawKey: UnsafeRawBufferPointer, _ s: inout JSONScanner, typed: Bool, owner: Owner, emit: Bool
    ) throws(JSONScanError) {
        let meaning: OTelAttribute
        switch owner {
        case .span: meaning = OTelAttribute.span(key)
        case .resource: meaning = OTelAttribute.resource(key)
        case .event: meaning = OTelAttribute.event(key)
        }
        if emit {
            if metadataHasMember { scratch.append(UInt8(ascii: ",")) }
            metadataHasMember = true
            if rawKey.isEmpty { scratch.appendQuoted(key) } else { scratch.append(rawKey) }
            scratch.append(UInt8(ascii: ":"))
        } else if meaning == .none {
            return try s.skipValue()
        }
        let value = typed ? try anyValue(&s, emit: emit) : try plainValue(&s, emit: emit)
        if meaning != .none { apply(meaning, value) }
    }

    /// A plain JSON value: strings and integers kept, everything copied with `emit`.
    private mutating func plainValue(_ s: inout JSONScanner, emit: Bool) throws(JSONScanError) -> OTelValue {
        switch try s.peekKind() {
        case .string:
            let raw = try s.rawValue()
            if emit { scratch.append(raw) }
            return .string(unquoted(raw))
        case .number:
            let raw = try s.rawValue()
            if emit { scratch.append(raw) }
            return OTelValue.parseInteger(raw).map(OTelValue.integer) ?? .other
        default:
            if emit {
                scratch.append(try s.rawValue())
            } else {
                try s.skipValue()
            }
            return .other
        }
    }

    /// An OTLP `AnyValue` (`{"stringValue": …}`, …; `{}` is null), converted to plain JSON with
    /// `emit`. A value that is not an object is read as plain JSON (lenient).
    private mutating func anyValue(_ s: inout JSONScanner, emit: Bool) throws(JSONScanError) -> OTelValue {
        guard try s.peekKind() == .object else { return try plainValue(&s, emit: emit) }
        try s.beginObject()
        var result = OTelValue.other
        var emitted = false
        while let member = try s.nextKey() {
            guard !emitted, let kind = try valueKind(&s) else {
                if emitted { try s.skipValue() }
                continue
            }
            switch member.count {
            case 11 where member.equals("stringValue"), 12 where member.equals("string_value"),
                9 where member.equals("boolValue"), 10 where member.equals("bool_value"),
                11 where member.equals("doubleValue"), 12 where member.equals("double_value"),
                10 where member.equals("bytesValue"), 11 where member.equals("bytes_value"):
                result = try plainValue(&s, emit: emit)
                if kind != .string, member[0] != UInt8(ascii: "d") { result = .other }
                emitted = true
            case 8 where member.equals("intValue"), 9 where member.equals("int_value"):
                if kind == .string {
                    let raw = try s.rawValue()
                    let digits = UnsafeRawBufferPointer(rebasing: raw[1..<(raw.count - 1)])
                    if let value = OTelValue.parseInteger(digits) {
                        if emit { scratch.append(digits) }
                        result = .integer(value)
                    } else if emit {
                        scratch.append(raw)
                    }
                } else {
                    result = try plainValue(&s, emit: emit)
                }
                emitted = true
            case 10 where member.equals("arrayValue"), 11 where member.equals("array_value"):
                if emit { try emitArray(&s, kind) } else { try s.skipValue() }
                emitted = true
            case 11 where member.equals("kvlistValue"), 12 where member.equals("kvlist_value"):
                if emit { try emitKeyValueList(&s, kind) } else { try s.skipValue() }
                emitted = true
            default:
                try s.skipValue()
            }
        }
        if emit && !emitted { scratch.append("null") }
        return result
    }

    /// `arrayValue{values:[AnyValue]}` as a JSON array.
    private mutating func emitArray(_ s: inout JSONScanner, _ kind: JSONKind) throws(JSONScanError) {
        scratch.append(UInt8(ascii: "["))
        if kind == .object {
            try s.beginObject()
            while let key = try s.nextKey() {
                guard key.equals("values"), try s.peekKind() == .array else {
                    try s.skipValue()
                    continue
                }
                try s.beginArray()
                var first = true
                while try s.nextElement() {
                    if !first { scratch.append(UInt8(ascii: ",")) }
                    first = false
                    _ = try anyValue(&s, emit: true)
                }
            }
        } else {
            try s.skipValue()
        }
        scratch.append(UInt8(ascii: "]"))
    }

    /// `kvlistValue{values:[{key, value}]}` as a JSON object (a value written before its key is
    /// kept as its raw `AnyValue` JSON).
    private mutating func emitKeyValueList(_ s: inout JSONScanner, _ kind: JSONKind) throws(JSONScanError) {
        scratch.append(UInt8(ascii: "{"))
        if kind == .object {
            try s.beginObject()
            while let key = try s.nextKey() {
                guard key.equals("values"), try s.peekKind() == .array else {
                    try s.skipValue()
                    continue
                }
                try s.beginArray()
                var first = true
                while try s.nextElement() {
                    guard try s.peekKind() == .object else {
                        try s.skipValue()
                        continue
                    }
                    try s.beginObject()
                    var rawKey = XRayNode.empty
                    var pending = XRayNode.empty
                    var done = false
                    while let member = try s.nextKey() {
                        if member.equals("key"), try s.peekKind() == .string {
                            rawKey = try s.rawValue()
                        } else if member.equals("value"), !done {
                            if rawKey.isEmpty {
                                pending = try s.rawValue()
                            } else {
                                if !first { scratch.append(UInt8(ascii: ",")) }
                                first = false
                                scratch.append(rawKey)
                                scratch.append(UInt8(ascii: ":"))
                                _ = try anyValue(&s, emit: true)
                                done = true
                            }
                        } else {
                            try s.skipValue()
                        }
                    }
                    if !done, !rawKey.isEmpty {
                        if !first { scratch.append(UInt8(ascii: ",")) }
                        first = false
                        scratch.append(rawKey)
                        scratch.append(UInt8(ascii: ":"))
                        if pending.isEmpty { scratch.append("null") } else { scratch.append(pending) }
                    }
                }
            }
        } else {
            try s.skipValue()
        }
        scratch.append(UInt8(ascii: "}"))
    }

    /// Keeps a value the mapping reads; of two conventions for one field, the higher rank wins.
    private mutating func apply(_ meaning: OTelAttribute, _ value: OTelValue) {
        func keep(_ field: inout UnsafeRawBufferPointer, _ rank: inout UInt8, _ newRank: UInt8) {
            guard newRank > rank, let text = value.string else { return }
            field = text
            rank = newRank
        }
        var none: UInt8 = 0
        switch meaning {
        case .none: break
        case .methodNew: keep(&fields.method, &fields.methodRank, 2)
        case .methodOld: keep(&fields.method, &fields.methodRank, 1)
        case .route: keep(&fields.route, &none, 1)
        case .statusNew, .statusOld:
            let rank: UInt8 = meaning == .statusNew ? 2 : 1
            if rank > fields.httpStatusRank, let status = value.integer, status >= 0, status < 1000 {
                fields.httpStatus = Int(status)
                fields.httpStatusRank = rank
            }
        case .urlFull: keep(&fields.url, &fields.urlRank, 4)
        case .urlPath: keep(&fields.url, &fields.urlRank, 3)
        case .httpURL: keep(&fields.url, &fields.urlRank, 2)
        case .httpTarget: keep(&fields.url, &fields.urlRank, 1)
        case .clientAddress: keep(&fields.clientIP, &fields.clientIPRank, 3)
        case .httpClientIP: keep(&fields.clientIP, &fields.clientIPRank, 2)
        case .netPeerIP: keep(&fields.clientIP, &fields.clientIPRank, 1)
        case .userAgentNew: keep(&fields.userAgent, &fields.userAgentRank, 2)
        case .userAgentOld: keep(&fields.userAgent, &fields.userAgentRank, 1)
        case .dbSystemNew: keep(&fields.dbSystem, &fields.dbSystemRank, 2)
        case .dbSystemOld: keep(&fields.dbSystem, &fields.dbSystemRank, 1)
        case .dbQueryText: keep(&fields.statement, &fields.statementRank, 2)
        case .dbStatement: keep(&fields.statement, &fields.statementRank, 1)
        case .dbNamespace: keep(&fields.dbName, &fields.dbNameRank, 2)
        case .dbName: keep(&fields.dbName, &fields.dbNameRank, 1)
        case .dbUser: keep(&fields.dbUser, &none, 1)
        case .dbConnectionString: keep(&fields.dbConnectionString, &none, 1)
        case .serverAddress: keep(&fields.host, &fields.hostRank, 2)
        case .netPeerName: keep(&fields.host, &fields.hostRank, 1)
        case .serverPort, .netPeerPort:
            let rank: UInt8 = meaning == .serverPort ? 2 : 1
            if rank > fields.portRank, let port = value.integer, port > 0, port < 65536 {
                fields.port = port
                fields.portRank = rank
            }
        case .rpcSystem: keep(&fields.rpcSystem, &none, 1)
        case .awsService: fields.hasAWSService = value.string != nil
        case .endUser: keep(&fields.user, &none, 1)
        case .serviceName: if let text = value.string { resource.service = text }
        case .serviceVersion: if let text = value.string { resource.version = text }
        case .exceptionType: if let text = value.string { eventType = text }
        case .exceptionMessage: if let text = value.string { eventMessage = text }
        }
    }

    // MARK: Mapping

    /// Checks the span read last, maps it to a node and lends it to `body`.
    ///
    /// - Returns: `false` when `body` returned `false`.
    mutating func deliver(
        _ span: (bytes: UnsafeRawBufferPointer, location: InputLocation), _ diagnostics: inout Diagnostics,
        _ body: OTelSpanReader.Body
    ) -> Bool {
        let at = span.location
        if let invalid = fields.invalid {
            diagnostics.record(DecodeError(.invalidField(invalid, detail: "wrong type or value"), at: at))
            return true
        }
        if fields.traceID.isEmpty { return skip(.missingField("traceId"), at, &diagnostics) }
        if fields.spanID.isEmpty { return skip(.missingField("spanId"), at, &diagnostics) }
        guard let start = fields.start, start > 0 else { return skip(.missingField("startTimeUnixNano"), at, &diagnostics) }
        var end: Int64
        if let given = fields.end, given > 0 {
            end = given
        } else if let duration = fields.duration {
            end = start &+ duration
        } else {
            return skip(.missingField("endTimeUnixNano"), at, &diagnostics)
        }
        if end < start { end = start }

        // Synthesised bytes, by offset while the scratch may still grow.
        let traceStart = scratch.count
        scratch.append("1-")
        guard OTelID.appendHex(fields.traceID, byteCount: 16, to: &scratch, &decoded) else {
            return skip(.invalidField("traceId", detail: "not 32 hex digits"), at, &diagnostics)
        }
        let traceRange = traceStart..<scratch.count
        if OTelID.isAllZeros(scratch.slice((traceStart + 2)..<traceRange.upperBound)) {
            return skip(.invalidField("traceId", detail: "all zeros"), at, &diagnostics)
        }
        scratch.insert(UInt8(ascii: "-"), at: traceStart + 10)
        let traceIDRange = traceStart..<scratch.count

        var spanIDRange: Range<Int>?
        if !OTelID.isLowercaseHex(fields.spanID, digits: 16) {
            let idStart = scratch.count
            guard OTelID.appendHex(fields.spanID, byteCount: 8, to: &scratch, &decoded) else {
                return skip(.invalidField("spanId", detail: "not 16 hex digits"), at, &diagnostics)
            }
            spanIDRange = idStart..<scratch.count
        }
        var parentRange: Range<Int>?
        let hasParent = !fields.parentSpanID.isEmpty && !OTelID.isAllZeros(fields.parentSpanID)
        if hasParent && !OTelID.isLowercaseHex(fields.parentSpanID, digits: 16) {
            let idStart = scratch.count
            guard OTelID.appendHex(fields.parentSpanID, byteCount: 8, to: &scratch, &decoded) else {
                return skip(.invalidField("parentSpanId", detail: "not 16 hex digits"), at, &diagnostics)
            }
            parentRange = idStart..<scratch.count
        }

        let startText = appendSeconds(start)
        let endText = appendSeconds(end)
        let isRequest = fields.isRequest
        let isSQL = fields.kind == 3 && OTelSpanBuilder.isSQLSystem(fields.dbSystem)

        var sqlURL: Range<Int>?
        if isSQL, !fields.dbName.isEmpty {
            let urlStart = scratch.count
            scratch.append(fields.dbSystem)
            scratch.append("://")
            scratch.append(fields.host)
            if let port = fields.port {
                scratch.append(UInt8(ascii: ":"))
                scratch.appendInteger(port)
            }
            scratch.append(UInt8(ascii: "/"))
            scratch.append(fields.dbName)
            sqlURL = urlStart..<scratch.count
        }

        // The route: http.route, else a request span's name `METHOD /template`.
        var route = fields.route
        if route.isEmpty, isRequest, let fromName = routeFromName() { route = fromName }
        var annotations: Range<Int>?
        if !route.isEmpty {
            let annotationsStart = scratch.count
            scratch.append("{\"http.route\":")
            scratch.appendQuoted(route)
            scratch.append(UInt8(ascii: "}"))
            annotations = annotationsStart..<scratch.count
        }

        // Status: on the spans of an HTTP exchange (server, client), 4xx is an error (429 also a
        // throttle) and 5xx a fault; span status ERROR is a fault unless a 4xx status explains
        // it. (An internal span's status code describes the response it helps send, not itself.)
        let status = fields.httpStatus
        let exchangeStatus = fields.kind == 2 || fields.kind == 3 ? status : nil
        let is4xx = exchangeStatus.map { $0 >= 400 && $0 < 500 } ?? false
        let fault = (exchangeStatus.map { $0 >= 500 } ?? false) || (fields.statusCode == 2 && !is4xx)

        var cause: Range<Int>?
        if detail != .sql, !exceptions.isEmpty || (fields.statusCode == 2 && !fields.statusMessage.isEmpty) {
            let causeStart = scratch.count
            let remote = fields.kind == 3 || fields.kind == 4
            scratch.append("{\"exceptions\":[")
            if exceptions.isEmpty {
                appendException(type: XRayNode.empty, message: fields.statusMessage, remote: remote)
            } else {
                for (index, exception) in exceptions.enumerated() {
                    if index > 0 { scratch.append(UInt8(ascii: ",")) }
                    appendException(type: exception.type, message: exception.message, remote: remote)
                }
            }
            scratch.append("]}")
            cause = causeStart..<scratch.count
        }

        var service: Range<Int>?
        if isRequest, !resource.version.isEmpty, detail != .sql {
            let serviceStart = scratch.count
            scratch.append("{\"version\":")
            scratch.appendQuoted(resource.version)
            scratch.append(UInt8(ascii: "}"))
            service = serviceStart..<scratch.count
        }

        // The scratch is complete: lend slices of it.
        var node = XRayNode()
        node.traceID = scratch.slice(traceIDRange)
        node.id = spanIDRange.map { scratch.slice($0) } ?? fields.spanID
        if hasParent { node.parentID = parentRange.map { scratch.slice($0) } ?? fields.parentSpanID }
        if isRequest {
            node.name = resource.service.isEmpty ? fields.name : resource.service
        } else {
            node.name = fields.name
            node.type = OTelSpanBuilder.bytes("subsegment")
            if fields.kind == 3 || fields.kind == 4 {
                let aws = fields.hasAWSService || fields.rpcSystem.equals("aws-api")
                node.namespace = OTelSpanBuilder.bytes(aws ? "aws" : "remote")
            }
        }
        node.startTime = Double(start) / 1e9
        node.endTime = Double(end) / 1e9
        node.startTimeText = scratch.slice(startText)
        node.endTimeText = scratch.slice(endText)
        node.durationNanoseconds = end - start
        node.error = is4xx
        node.throttle = exchangeStatus == 429
        node.fault = fault
        if !fields.method.isEmpty || status != nil || !fields.url.isEmpty {
            node.hasHTTP = true
            node.httpMethod = fields.method
            node.httpURL = fields.url
            node.httpStatus = status
            node.httpClientIP = fields.clientIP
            node.httpUserAgent = fields.userAgent
        }
        if isSQL {
            node.hasSQL = true
            node.sqlQuery = fields.statement
            node.sqlDatabaseType = fields.dbSystem
            node.sqlUser = fields.dbUser
            node.sqlConnectionString = fields.dbConnectionString
            if let sqlURL { node.sqlURL = scratch.slice(sqlURL) }
        }
        node.routeAnnotation = route
        if let annotations { node.annotationsJSON = scratch.slice(annotations) }
        if let metadata = fields.metadata { node.metadataJSON = scratch.slice(metadata) }
        if let cause { node.causeJSON = scratch.slice(cause) }
        if let service { node.serviceJSON = scratch.slice(service) }
        node.user = fields.user
        node.spanKind = OTelSpanBuilder.bytes(OTelSpanBuilder.kindNames[fields.kind])
        node.spanStatus = OTelSpanBuilder.bytes(OTelSpanBuilder.statusNames[fields.statusCode])
        node.scopeName = scopeName
        if let json = resource.json { node.resourceJSON = resourceScratch.slice(json) }
        nodes[0] = node
        return body(XRayDocument(bytes: span.bytes, location: at, nodes: nodes), &diagnostics)
    }

    private func skip(_ kind: DecodeError.Kind, _ at: InputLocation, _ diagnostics: inout Diagnostics) -> Bool {
        diagnostics.record(DecodeError(kind, at: at))
        return true
    }

    /// Writes `seconds.nnnnnnnnn` for integer nanoseconds (exact, as X-Ray times are read).
    private mutating func appendSeconds(_ nanoseconds: Int64) -> Range<Int> {
        let start = scratch.count
        let value = UInt64(nanoseconds)
        scratch.appendDecimal(value / 1_000_000_000)
        scratch.append(UInt8(ascii: "."))
        scratch.appendDecimal(value % 1_000_000_000, minimumDigits: 9)
        return start..<scratch.count
    }

    private mutating func appendException(type: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer, remote: Bool) {
        scratch.append(UInt8(ascii: "{"))
        var first = true
        if !type.isEmpty {
            scratch.append("\"type\":")
            scratch.appendQuoted(type)
            first = false
        }
        if !message.isEmpty {
            if !first { scratch.append(UInt8(ascii: ",")) }
            scratch.append("\"message\":")
            scratch.appendQuoted(message)
            first = false
        }
        if remote {
            if !first { scratch.append(UInt8(ascii: ",")) }
            scratch.append("\"remote\":true")
        }
        scratch.append(UInt8(ascii: "}"))
    }

    /// The `/template` of a request span named `METHOD /template` (its method the span's), when
    /// it holds a `{parameter}` or the span has no URL to template.
    private func routeFromName() -> UnsafeRawBufferPointer? {
        let name = fields.name
        let method = fields.method
        guard !method.isEmpty, name.count > method.count + 1, UnsafeRawBufferPointer(rebasing: name[..<method.count]).equals(method),
            name[method.count] == UInt8(ascii: " "), name[method.count + 1] == UInt8(ascii: "/")
        else { return nil }
        let path = UnsafeRawBufferPointer(rebasing: name[(method.count + 1)...])
        guard path.contains(UInt8(ascii: "{")) || fields.url.isEmpty else { return nil }
        return path
    }

    /// The `db.system` values of SQL databases (the collector's X-Ray exporter's list, with the
    /// newer names of the same systems).
    static func isSQLSystem(_ system: UnsafeRawBufferPointer) -> Bool {
        switch system.count {
        case 2: return system.equals("h2")
        case 3: return system.equals("db2")
        case 4: return system.equals("hive")
        case 5: return system.equals("mysql") || system.equals("derby") || system.equals("mssql") || system.equals("trino")
        case 6: return system.equals("oracle") || system.equals("sqlite") || system.equals("hsqldb")
        case 7: return system.equals("mariadb") || system.equals("ibm.db2") || system.equals("spanner")
        case 8: return system.equals("teradata") || system.equals("redshift") || system.equals("postgres")
        case 9: return system.equals("other_sql") || system.equals("oracle.db") || system.equals("snowflake")
        case 10: return system.equals("postgresql") || system.equals("clickhouse")
        case 11: return system.equals("cockroachdb") || system.equals("gcp.spanner")
        case 12: return system.equals("aws.redshift")
        case 20: return system.equals("microsoft.sql_server")
        default: return false
        }
    }

    private static func bytes(_ text: StaticString) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
    }
}
