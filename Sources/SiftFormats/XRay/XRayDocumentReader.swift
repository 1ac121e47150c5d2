import SiftBytes
import SiftJSON
import SiftModel

/// Lends every X-Ray segment document of one input, whatever its framing: JSON Lines, daemon UDP
/// captures (header lines are skipped), pretty-printed or concatenated documents, arrays of
/// documents, and `batch-get-traces` responses (each `Document` string is unescaped and lent
/// as JSON).
///
/// ```swift
/// var reader = XRayDocumentReader(stream, format: .xrayJSONL, framing: .lines)
/// reader.forEachDocument(&diagnostics) { document, location, diagnostics in ...; return true }
/// ```
public struct XRayDocumentReader {
    private var records: RecordFramer
    private let format: InputFormat
    private var scanner = JSONScanner(UnsafeRawBufferPointer(start: nil, count: 0))

    /// Creates a reader.
    /// - Parameters:
    ///   - stream: the decompressed input.
    ///   - format: one of the X-Ray formats.
    ///   - framing: lines or values (see ``RecordFraming/forJSON(prefix:)``).
    ///   - maxRecordBytes: the longest accepted record.
    public init(_ stream: any ByteStream, format: InputFormat, framing: RecordFraming, maxRecordBytes: Int = LineFramer.defaultMaxLineBytes) {
        self.format = format
        self.records = RecordFramer(stream, framing: framing, maxRecordBytes: maxRecordBytes)
    }

    /// Calls `body` with each document's bytes and location, in input order, until it returns `false`.
    ///
    /// The bytes are valid only during the call. Records that are not JSON, or batch responses
    /// without the expected shape, are counted in `diagnostics` and skipped.
    public mutating func forEachDocument(
        _ diagnostics: inout Diagnostics, _ body: (UnsafeRawBufferPointer, InputLocation, inout Diagnostics) -> Bool
    ) {
        // The flag is reached through a pointer so the closure below captures a plain value
        // (a captured variable costs an exclusivity check per document).
        var stoppedFlag = false
        withUnsafeMutablePointer(to: &stoppedFlag) { stopped in
            let lend: (UnsafeRawBufferPointer, InputLocation, inout Diagnostics) -> Void = { document, location, diagnostics in
                if !stopped.pointee { stopped.pointee = !body(document, location, &diagnostics) }
            }
            while !stopped.pointee, let record = records.next(&diagnostics) {
                if diagnostics.shouldStop { return }
                let first = firstNonSpace(record)
                if format == .xrayBatchGetTraces {
                    walkBatch(record, &diagnostics, lend)
                } else if first == UInt8(ascii: "[") {
                    walkArray(record, &diagnostics, lend)
                } else if record.count < 100, isDaemonHeader(record) {
                    continue
                } else {
                    stopped.pointee = !body(record, records.location, &diagnostics)
                }
            }
        }
    }

    private func firstNonSpace(_ bytes: UnsafeRawBufferPointer) -> UInt8 {
        for byte in bytes where byte > 0x20 { return byte }
        return 0
    }

    /// `{"format":"json","version":1}` in any spacing: an object with `format` and no `id`.
    private mutating func isDaemonHeader(_ record: UnsafeRawBufferPointer) -> Bool {
        scanner.reset(record)
        var sawFormat = false
        do throws(JSONScanError) {
            try scanner.beginObject()
            while let key = try scanner.nextKey() {
                if key.equals("format") { sawFormat = true }
                if key.equals("id") || key.equals("trace_id") { return false }
                try scanner.skipValue()
            }
        } catch {
            return false
        }
        return sawFormat
    }

    private mutating func walkArray(
        _ record: UnsafeRawBufferPointer, _ diagnostics: inout Diagnostics,
        _ body: (UnsafeRawBufferPointer, InputLocation, inout Diagnostics) -> Void
    ) {
        let location = records.location
        scanner.reset(record)
        do throws(JSONScanError) {
            try scanner.beginArray()
            while try scanner.nextElement() {
                let element = try scanner.rawValue()
                var elementLocation = location
                elementLocation.byteOffset += Int64(element.baseAddress! - record.baseAddress!)
                body(element, elementLocation, &diagnostics)
            }
        } catch {
            var at = location
            at.byteOffset += Int64(error.offset)
            diagnostics.record(DecodeError(.json(error.reason), at: at))
        }
    }

    /// `{"Traces":[{"Segments":[{"Document":"..."}]}]}`, possibly wrapped as `{"responses":[...]}`.
    private mutating func walkBatch(
        _ record: UnsafeRawBufferPointer, _ diagnostics: inout Diagnostics,
        _ body: (UnsafeRawBufferPointer, InputLocation, inout Diagnostics) -> Void
    ) {
        let location = records.location
        scanner.reset(record)
        var found = false
        do throws(JSONScanError) {
            try walkResponse(record, location, &found, &diagnostics, body)
        } catch {
            var at = location
            at.byteOffset += Int64(error.offset)
            diagnostics.record(DecodeError(.json(error.reason), at: at))
            return
        }
        if !found { diagnostics.record(DecodeError(.missingField("Traces"), at: location)) }
    }

    private mutating func walkResponse(
        _ record: UnsafeRawBufferPointer, _ location: InputLocation, _ found: inout Bool, _ diagnostics: inout Diagnostics,
        _ body: (UnsafeRawBufferPointer, InputLocation, inout Diagnostics) -> Void
    ) throws(JSONScanError) {
        guard try scanner.peekKind() == .object else { return try scanner.skipValue() }
        try scanner.beginObject()
        while let key = try scanner.nextKey() {
            if key.equals("responses"), try scanner.peekKind() == .array {
                try scanner.beginArray()
                while try scanner.nextElement() { try walkResponse(record, location, &found, &diagnostics, body) }
            } else if key.equals("Traces"), try scanner.peekKind() == .array {
                found = true
                try scanner.beginArray()
                while try scanner.nextElement() {
                    guard try scanner.peekKind() == .object else { try scanner.skipValue(); continue }
                    try scanner.beginObject()
                    while let traceKey = try scanner.nextKey() {
                        guard traceKey.equals("Segments"), try scanner.peekKind() == .array else { try scanner.skipValue(); continue }
                        try scanner.beginArray()
                        while try scanner.nextElement() {
                            guard try scanner.peekKind() == .object else { try scanner.skipValue(); continue }
                            try scanner.beginObject()
                            while let segmentKey = try scanner.nextKey() {
                                guard segmentKey.equals("Document"), try scanner.peekKind() == .string else {
                                    try scanner.skipValue()
                                    continue
                                }
                                var at = location
                                at.byteOffset += Int64(scanner.offset)
                                // The unescaped text lives in the scanner's scratch until its next call.
                                let document = try scanner.readStringBytes()
                                body(document, at, &diagnostics)
                            }
                        }
                    }
                }
            } else {
                try scanner.skipValue()
            }
        }
    }
}
