import SiftModel

/// A compact binary encoding of `Span` for spill files: every field round-trips.
///
/// Layout: integers little-endian fixed width; a string is a `UInt32` byte count plus UTF-8; an
/// optional is a `0`/`1` tag byte and the value; dictionaries are a `UInt32` count plus pairs sorted
/// by key (so equal spans encode equally). ``encode(_:into:)`` appends one record framed by its
/// `UInt32` payload length; ``SpanDecoder`` reads records back.
enum SpanCodec {
    /// Appends `span` as one length-framed record.
    static func encode(_ span: Span, into out: inout [UInt8]) {
        let frameStart = out.count
        out.append(contentsOf: [0, 0, 0, 0])
        var w = Writer(bytes: out)
        out = []
        w.string(span.traceID)
        w.string(span.id)
        w.optional(span.parentID) { $0.string($1) }
        w.byte(span.kind == .segment ? 0 : 1)
        w.string(span.name)
        w.int64(span.start.nanosecondsSinceEpoch)
        w.optional(span.end) { $0.int64($1.nanosecondsSinceEpoch) }
        w.bool(span.inProgress)
        w.optional(span.origin) { $0.string($1) }
        w.optional(span.namespace) { $0.string($1) }
        w.optional(span.http) { w, h in
            w.optional(h.method) { $0.string($1) }
            w.optional(h.url) { $0.string($1) }
            w.optional(h.clientIP) { $0.string($1) }
            w.optional(h.userAgent) { $0.string($1) }
            w.optional(h.xForwardedFor) { $0.bool($1) }
            w.optional(h.traced) { $0.bool($1) }
            w.optional(h.status) { $0.int64(Int64($1)) }
            w.optional(h.contentLength) { $0.string($1) }
        }
        w.optional(span.sql) { w, s in
            for field in [s.url, s.sanitizedQuery, s.databaseType, s.databaseVersion, s.driverVersion, s.user, s.preparation, s.connectionString] {
                w.optional(field) { $0.string($1) }
            }
        }
        w.uint32(UInt32(span.aws.count))
        for (k, v) in span.aws.sorted(by: { $0.key < $1.key }) { w.string(k); w.string(v) }
        w.bool(span.error)
        w.bool(span.fault)
        w.bool(span.throttle)
        w.optional(span.cause) { w, cause in
            switch cause {
            case .exceptions(let wd, let exceptions):
                w.byte(0)
                w.optional(wd) { $0.string($1) }
                w.uint32(UInt32(exceptions.count))
                for e in exceptions {
                    w.optional(e.id) { $0.string($1) }
                    w.optional(e.type) { $0.string($1) }
                    w.optional(e.message) { $0.string($1) }
                    w.bool(e.remote)
                }
            case .exceptionID(let s): w.byte(1); w.string(s)
            case .unrecognized(let s): w.byte(2); w.string(s)
            }
        }
        w.uint32(UInt32(span.annotations.count))
        for (k, v) in span.annotations.sorted(by: { $0.key < $1.key }) {
            w.string(k)
            switch v {
            case .string(let s): w.byte(0); w.string(s)
            case .number(let n): w.byte(1); w.uint64(n.bitPattern)
            case .bool(let b): w.byte(2); w.bool(b)
            }
        }
        w.optional(span.metadataJSON) { $0.string($1) }
        w.optional(span.serviceVersion) { $0.string($1) }
        w.optional(span.user) { $0.string($1) }
        w.optional(span.location) { w, l in
            w.string(l.source)
            w.optional(l.line) { $0.int64(Int64($1)) }
            w.optional(l.record) { $0.int64(Int64($1)) }
            w.int64(l.byteOffset)
            w.optional(l.member) { $0.int64(Int64($1)) }
        }
        out = w.bytes
        let length = UInt32(out.count - frameStart - 4)
        for i in 0..<4 { out[frameStart + i] = UInt8(truncatingIfNeeded: length >> (8 * UInt32(i))) }
    }

    /// Decodes every record in `bytes`.
    ///
    /// - Throws: `SpillError.corruptRecord` when a record is truncated or malformed.
    static func decodeAll(_ bytes: [UInt8]) throws(SpillError) -> [Span] {
        var r = Reader(bytes: bytes)
        var spans: [Span] = []
        while r.position < bytes.count {
            let length = Int(try r.uint32())
            let end = r.position + length
            guard end <= bytes.count else { throw .corruptRecord(offset: r.position) }
            spans.append(try decode(&r))
            guard r.position == end else { throw .corruptRecord(offset: r.position) }
        }
        return spans
    }

    private static func decode(_ r: inout Reader) throws(SpillError) -> Span {
        let traceID = try r.string()
        let id = try r.string()
        let parentID = try r.optional { r throws(SpillError) in try r.string() }
        let kind: Span.Kind = try r.byte() == 0 ? .segment : .subsegment
        let name = try r.string()
        let start = Timestamp(nanosecondsSinceEpoch: try r.int64())
        let end = try r.optional { r throws(SpillError) in Timestamp(nanosecondsSinceEpoch: try r.int64()) }
        var span = Span(traceID: traceID, id: id, parentID: parentID, kind: kind, name: name, start: start, end: end)
        span.inProgress = try r.bool()
        span.origin = try r.optional { r throws(SpillError) in try r.string() }
        span.namespace = try r.optional { r throws(SpillError) in try r.string() }
        span.http = try r.optional { r throws(SpillError) in
            var h = HTTPInfo()
            h.method = try r.optional { r throws(SpillError) in try r.string() }
            h.url = try r.optional { r throws(SpillError) in try r.string() }
            h.clientIP = try r.optional { r throws(SpillError) in try r.string() }
            h.userAgent = try r.optional { r throws(SpillError) in try r.string() }
            h.xForwardedFor = try r.optional { r throws(SpillError) in try r.bool() }
            h.traced = try r.optional { r throws(SpillError) in try r.bool() }
            h.status = try r.optional { r throws(SpillError) in Int(try r.int64()) }
            h.contentLength = try r.optional { r throws(SpillError) in try r.string() }
            return h
        }
        span.sql = try r.optional { r throws(SpillError) in
            var s = SQLInfo()
            s.url = try r.optional { r throws(SpillError) in try r.string() }
            s.sanitizedQuery = try r.optional { r throws(SpillError) in try r.string() }
            s.databaseType = try r.optional { r throws(SpillError) in try r.string() }
            s.databaseVersion = try r.optional { r throws(SpillError) in try r.string() }
            s.driverVersion = try r.optional { r throws(SpillError) in try r.string() }
            s.user = try r.optional { r throws(SpillError) in try r.string() }
            s.preparation = try r.optional { r throws(SpillError) in try r.string() }
            s.connectionString = try r.optional { r throws(SpillError) in try r.string() }
            return s
        }
        for _ in 0..<(try r.uint32()) {
            let k = try r.string()
            span.aws[k] = try r.string()
        }
        span.error = try r.bool()
        span.fault = try r.bool()
        span.throttle = try r.bool()
        span.cause = try r.optional { r throws(SpillError) -> Cause in
            switch try r.byte() {
            case 0:
                let wd = try r.optional { r throws(SpillError) in try r.string() }
                var exceptions: [ExceptionInfo] = []
                for _ in 0..<(try r.uint32()) {
                    let eid = try r.optional { r throws(SpillError) in try r.string() }
                    let type = try r.optional { r throws(SpillError) in try r.string() }
                    let message = try r.optional { r throws(SpillError) in try r.string() }
                    exceptions.append(ExceptionInfo(id: eid, type: type, message: message, remote: try r.bool()))
                }
                return .exceptions(workingDirectory: wd, exceptions: exceptions)
            case 1: return .exceptionID(try r.string())
            case 2: return .unrecognized(try r.string())
            default: throw .corruptRecord(offset: r.position)
            }
        }
        for _ in 0..<(try r.uint32()) {
            let k = try r.string()
            switch try r.byte() {
            case 0: span.annotations[k] = .string(try r.string())
            case 1: span.annotations[k] = .number(Double(bitPattern: try r.uint64()))
            case 2: span.annotations[k] = .bool(try r.bool())
            default: throw .corruptRecord(offset: r.position)
            }
        }
        span.metadataJSON = try r.optional { r throws(SpillError) in try r.string() }
        span.serviceVersion = try r.optional { r throws(SpillError) in try r.string() }
        span.user = try r.optional { r throws(SpillError) in try r.string() }
        span.location = try r.optional { r throws(SpillError) in
            let source = try r.string()
            let line = try r.optional { r throws(SpillError) in Int(try r.int64()) }
            let record = try r.optional { r throws(SpillError) in Int(try r.int64()) }
            let byteOffset = try r.int64()
            let member = try r.optional { r throws(SpillError) in Int(try r.int64()) }
            return InputLocation(source: source, line: line, record: record, byteOffset: byteOffset, member: member)
        }
        return span
    }

    private struct Writer {
        var bytes: [UInt8]
        mutating func byte(_ b: UInt8) { bytes.append(b) }
        mutating func bool(_ b: Bool) { bytes.append(b ? 1 : 0) }
        mutating func uint32(_ v: UInt32) { for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(i)))) } }
        mutating func uint64(_ v: UInt64) { for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) } }
        mutating func int64(_ v: Int64) { uint64(UInt64(bitPattern: v)) }
        mutating func string(_ s: String) {
            uint32(UInt32(s.utf8.count))
            bytes.append(contentsOf: s.utf8)
        }
        mutating func optional<T>(_ value: T?, _ body: (inout Writer, T) -> Void) {
            guard let value else { byte(0); return }
            byte(1)
            body(&self, value)
        }
    }

    private struct Reader {
        let bytes: [UInt8]
        var position = 0
        mutating func byte() throws(SpillError) -> UInt8 {
            guard position < bytes.count else { throw .corruptRecord(offset: position) }
            defer { position += 1 }
            return bytes[position]
        }
        mutating func bool() throws(SpillError) -> Bool {
            switch try byte() {
            case 0: return false
            case 1: return true
            default: throw .corruptRecord(offset: position - 1)
            }
        }
        mutating func uint32() throws(SpillError) -> UInt32 {
            guard position + 4 <= bytes.count else { throw .corruptRecord(offset: position) }
            var v: UInt32 = 0
            for i in 0..<4 { v |= UInt32(bytes[position + i]) << (8 * UInt32(i)) }
            position += 4
            return v
        }
        mutating func uint64() throws(SpillError) -> UInt64 {
            guard position + 8 <= bytes.count else { throw .corruptRecord(offset: position) }
            var v: UInt64 = 0
            for i in 0..<8 { v |= UInt64(bytes[position + i]) << (8 * UInt64(i)) }
            position += 8
            return v
        }
        mutating func int64() throws(SpillError) -> Int64 { Int64(bitPattern: try uint64()) }
        mutating func string() throws(SpillError) -> String {
            let count = Int(try uint32())
            guard position + count <= bytes.count else { throw .corruptRecord(offset: position) }
            defer { position += count }
            return String(decoding: bytes[position ..< position + count], as: UTF8.self)
        }
        mutating func optional<T>(_ body: (inout Reader) throws(SpillError) -> T) throws(SpillError) -> T? {
            switch try byte() {
            case 0: return nil
            case 1: return try body(&self)
            default: throw .corruptRecord(offset: position - 1)
            }
        }
    }
}
