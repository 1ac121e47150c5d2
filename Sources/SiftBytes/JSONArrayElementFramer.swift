import SiftModel

/// Streams the elements of one array inside big JSON documents without loading the document:
/// the array under a top-level key (`{"events":[…]}` from `filter-log-events`, `{"Traces":[…]}`
/// from `BatchGetTraces`), or the top-level array itself (`[…]`).
///
/// Each element's exact bytes are lent like ``JSONValueFramer`` values; everything else in the
/// document is skipped while tracking strings and depth. Several documents back to back (CLI
/// pages appended together) are all searched, and the record number runs on across them. Memory
/// is the read buffer plus the largest element, whatever the document size.
///
/// Keys are compared as raw bytes, so a key written with escapes (`"ev\u0065nts"`) does not match.
/// A byte that cannot appear between top-level documents throws
/// ``InputError/Kind/unexpectedByte(_:)`` and is skipped; an element larger than ``maxElementBytes``
/// throws ``InputError/Kind/valueTooLarge(limit:)`` and is skipped; the input ending inside an
/// element throws ``InputError/Kind/truncatedValue``.
///
/// ```swift
/// var events = JSONArrayElementFramer(try ByteReader(.file("filter-log-events.json")), key: "events")
/// while let event = try events.next() {
///     decode(event, at: events.location)   // location.record: 1-based element number
/// }
/// ```
public struct JSONArrayElementFramer {
    private var cursor: JSONRecordCursor
    private var document: Document

    /// Largest accepted element in bytes.
    public var maxElementBytes: Int { cursor.maxBytes }

    /// Where the element returned (or the error thrown) by the last ``next()`` starts: 1-based
    /// element number, decompressed byte offset, gzip member.
    public var location: InputLocation { cursor.location }

    /// Creates a framer over `stream`.
    ///
    /// - Parameters:
    ///   - key: the top-level key whose array to stream (`"events"`); `nil` streams the elements of
    ///     top-level arrays.
    ///   - maxElementBytes: the largest accepted element (default 32 MiB).
    ///   - bufferBytes: the size of each read (default 1 MiB); tests force tiny sizes.
    public init(
        _ stream: any ByteStream,
        key: String?,
        maxElementBytes: Int = JSONValueFramer.defaultMaxValueBytes,
        bufferBytes: Int = LineFramer.defaultBufferBytes
    ) {
        cursor = JSONRecordCursor(stream, bufferBytes: bufferBytes, maxBytes: maxElementBytes, backToBack: false)
        document = Document(key: key.map { Array($0.utf8) })
    }

    /// Returns the next element's bytes, or `nil` at the end of the input.
    ///
    /// The pointer is valid until the next call to `next()`; copy what you keep.
    /// - Throws: ``InputError`` (framing errors: keep calling `next()`), or the stream's errors.
    public mutating func next() throws(InputError) -> UnsafeRawBufferPointer? {
        try cursor.next(&document)
    }

    /// The document structure around the elements: strings, depth, the key being read, and
    /// whether the scan is inside the target array.
    private struct Document: JSONGapScanner {
        let key: [UInt8]?
        var depth = 0
        var inString = false
        var escaped = false
        var documentIsObject = false
        var expectKey = false
        var capturingKey = false
        var keyOverflow = false
        var keyBytes: [UInt8] = []
        var keyMatched = false
        /// Depth inside the target array (its elements start at this depth), when in it.
        var arrayDepth: Int?

        init(key: [UInt8]?) {
            self.key = key
            keyBytes.reserveCapacity((key?.count ?? 0) + 1)
        }

        mutating func startsRecord(_ b: UInt8, at i: Int, _ cursor: inout JSONRecordCursor) throws(InputError) -> Bool {
            if inString {
                if escaped {
                    escaped = false
                } else if b == 0x5C {
                    escaped = true
                    if capturingKey { keyOverflow = true }
                } else if b == 0x22 {
                    inString = false
                    if capturingKey {
                        capturingKey = false
                        keyMatched = !keyOverflow && keyBytes == key
                    }
                } else if capturingKey {
                    if keyBytes.count < key?.count ?? 0 { keyBytes.append(b) } else { keyOverflow = true }
                }
                return false
            }
            if JSONValueBoundary.isWhitespace(b) { return false }
            if let arrayDepth, depth == arrayDepth, b != UInt8(ascii: ","), b | 0x20 != 0x7D {
                return true  // An element starts.
            }
            switch b {
            case 0x22:
                inString = true
                if depth == 1 && documentIsObject && expectKey && key != nil {
                    capturingKey = true
                    keyOverflow = false
                    keyBytes.removeAll(keepingCapacity: true)
                }
                expectKey = false
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                if depth == 0 {
                    documentIsObject = b == UInt8(ascii: "{")
                    expectKey = documentIsObject
                    if key == nil && !documentIsObject { arrayDepth = 1 }
                } else if depth == 1 && documentIsObject && keyMatched && b == UInt8(ascii: "[") {
                    arrayDepth = 2
                }
                keyMatched = false
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == 0 { throw cursor.skip(b, at: i) }
                depth -= 1
                if let current = arrayDepth, depth < current { arrayDepth = nil }
            case UInt8(ascii: ","):
                if depth == 1 && documentIsObject { expectKey = true }
                keyMatched = false
            case UInt8(ascii: ":"):
                break
            default:
                if depth == 0 { throw cursor.skip(b, at: i) }
                keyMatched = false  // A scalar value: not the array we want.
            }
            return false
        }
    }
}
