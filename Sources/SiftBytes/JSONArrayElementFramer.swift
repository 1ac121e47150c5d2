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
    private let buffer: FramingBuffer
    private let key: [UInt8]?
    /// Largest accepted element in bytes.
    public let maxElementBytes: Int

    // Document state (outside elements).
    private var scan = 0
    private var depth = 0
    private var inString = false
    private var escaped = false
    private var documentIsObject = false
    private var expectKey = false
    private var capturingKey = false
    private var keyOverflow = false
    private var keyBytes: [UInt8] = []
    private var keyMatched = false
    /// Depth inside the target array (its elements start at this depth), when in it.
    private var arrayDepth: Int?

    // Element state.
    private var inElement = false
    private var elementDepth = 0
    private var elementScalar = false
    private var discarding = false
    private var recordNumber = 0
    private var elementOffset: Int64 = 0

    /// Where the element returned (or the error thrown) by the last ``next()`` starts: 1-based
    /// element number, decompressed byte offset, gzip member.
    public var location: InputLocation {
        buffer.location(offset: elementOffset, record: recordNumber == 0 ? nil : recordNumber)
    }

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
        buffer = FramingBuffer(stream: stream, capacity: bufferBytes)
        self.key = key.map { Array($0.utf8) }
        self.maxElementBytes = max(1, maxElementBytes)
        keyBytes.reserveCapacity((self.key?.count ?? 0) + 1)
    }

    @inline(__always) private static func isWhitespace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09
    }

    @inline(__always) private static func endsScalar(_ b: UInt8) -> Bool {
        isWhitespace(b) || b == UInt8(ascii: ",") || b == UInt8(ascii: "]") || b == UInt8(ascii: "}")
    }

    /// Returns the next element's bytes, or `nil` at the end of the input.
    ///
    /// The pointer is valid until the next call to `next()`; copy what you keep.
    /// - Throws: ``InputError`` (framing errors: keep calling `next()`), or the stream's errors.
    public mutating func next() throws(InputError) -> UnsafeRawBufferPointer? {
        while true {
            let base = buffer.base.assumingMemoryBound(to: UInt8.self)
            let end = buffer.end
            var i = scan
            while i < end {
                let b = base[i]
                if inElement {
                    if inString {
                        if escaped {
                            escaped = false
                        } else if b == 0x5C {
                            escaped = true
                        } else if b == 0x22 {
                            inString = false
                            if elementDepth == 0, let value = try finish(end: i + 1) { return value }
                        }
                    } else if elementScalar {
                        if Self.endsScalar(b) {
                            if let value = try finish(end: i) { return value }
                            continue  // Re-read the delimiter as document structure.
                        }
                    } else if b == 0x22 {
                        inString = true
                    } else if b | 0x20 == 0x7B {
                        elementDepth += 1
                    } else if b | 0x20 == 0x7D {
                        elementDepth -= 1
                        if elementDepth == 0, let value = try finish(end: i + 1) { return value }
                    }
                    i += 1
                    continue
                }
                // Document structure, outside elements.
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
                    i += 1
                    continue
                }
                if Self.isWhitespace(b) {
                    i += 1
                    continue
                }
                if let arrayDepth, depth == arrayDepth, b != UInt8(ascii: ","), b | 0x20 != 0x7D {
                    // An element starts.
                    buffer.start = i
                    elementOffset = buffer.baseOffset + Int64(i)
                    inElement = true
                    discarding = false
                    elementScalar = false
                    elementDepth = 0
                    if b | 0x20 == 0x7B {
                        elementDepth = 1
                    } else if b == 0x22 {
                        inString = true
                    } else {
                        elementScalar = true
                    }
                    i += 1
                    continue
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
                    if depth == 0 {
                        return try unexpected(b, at: i)
                    }
                    depth -= 1
                    if let current = arrayDepth, depth < current { arrayDepth = nil }
                case UInt8(ascii: ","):
                    if depth == 1 && documentIsObject { expectKey = true }
                    keyMatched = false
                case UInt8(ascii: ":"):
                    break
                default:
                    if depth == 0 { return try unexpected(b, at: i) }
                    keyMatched = false  // A scalar value: not the array we want.
                }
                i += 1
            }
            scan = end
            if inElement {
                if discarding {
                    buffer.start = end
                } else if end - buffer.start > maxElementBytes {
                    discarding = true
                    buffer.start = end
                    recordNumber += 1
                    throw InputError(.valueTooLarge(limit: maxElementBytes), location: location)
                }
            } else {
                buffer.start = end
            }
            if buffer.eof {
                if inElement {
                    inElement = false
                    if elementScalar && !inString && !discarding {
                        if let value = try finish(end: end) { return value }
                    }
                    inString = false
                    if !discarding {
                        recordNumber += 1
                        discarding = true
                        throw InputError(.truncatedValue, location: location)
                    }
                }
                return nil
            }
            try buffer.refill(shift: &scan, record: recordNumber + 1)
        }
    }

    /// Reports a byte that cannot appear between documents and skips it.
    private mutating func unexpected(_ b: UInt8, at i: Int) throws(InputError) -> UnsafeRawBufferPointer? {
        scan = i + 1
        buffer.start = i + 1
        throw InputError(.unexpectedByte(b), location: buffer.location(offset: buffer.baseOffset + Int64(i)))
    }

    /// Ends the current element at `end` (exclusive): lends it, or returns `nil` if it was discarded.
    private mutating func finish(end: Int) throws(InputError) -> UnsafeRawBufferPointer? {
        inElement = false
        scan = end
        let start = buffer.start
        buffer.start = end
        if discarding {
            discarding = false
            return nil
        }
        recordNumber += 1
        if end - start > maxElementBytes {
            throw InputError(.valueTooLarge(limit: maxElementBytes), location: location)
        }
        return UnsafeRawBufferPointer(start: buffer.base + start, count: end - start)
    }
}
