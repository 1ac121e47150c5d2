import SiftModel

/// Splits a ``ByteStream`` into top-level JSON values, lending each value's exact bytes.
///
/// Handles everything Firehose and CLI tools produce: values back to back with no separator
/// (`{…}{…}`), JSON Lines, any whitespace between values, and top-level scalars. It tracks only
/// strings, escapes and bracket depth, byte by byte; it does not validate the value (the JSON
/// scanner does that), so a value with mismatched brackets ends where the depth returns to zero.
/// A UTF-8 byte order mark at the start of the input is skipped.
///
/// Damage does not stop the stream:
/// - a byte that cannot start a value between values throws ``InputError/Kind/unexpectedByte(_:)``;
///   the framer then skips to the next `{` or `[` that starts a line, so later records survive;
/// - a value larger than ``maxValueBytes`` throws ``InputError/Kind/valueTooLarge(limit:)`` and is
///   skipped (still tracking depth, so the next value is found);
/// - the input ending inside a value throws ``InputError/Kind/truncatedValue``.
///
/// Values are zero-copy when they fit in the read buffer; larger ones are assembled in a buffer
/// that grows up to the limit and shrinks back afterwards.
///
/// ```swift
/// var values = JSONValueFramer(try ByteReader(.file("firehose-object")))
/// while let value = try values.next() {
///     decode(value, at: values.location)   // location.record is 1-based
/// }
/// ```
public struct JSONValueFramer {
    /// The default limit: 32 MiB, as for lines.
    public static let defaultMaxValueBytes = LineFramer.defaultMaxLineBytes

    private enum Phase {
        case between, inValue, resync
    }

    private let buffer: FramingBuffer
    /// Largest accepted value in bytes.
    public let maxValueBytes: Int
    private var phase = Phase.between
    private var scan = 0
    private var depth = 0
    private var inString = false
    private var escaped = false
    private var scalar = false
    private var discarding = false
    private var atLineStart = false
    private var recordNumber = 0
    private var valueOffset: Int64 = 0

    /// Where the value returned (or the error thrown) by the last ``next()`` starts: 1-based record
    /// number (for values), decompressed byte offset, and gzip member.
    public var location: InputLocation {
        buffer.location(offset: valueOffset, record: recordNumber == 0 ? nil : recordNumber)
    }

    /// Creates a framer over `stream`.
    ///
    /// - Parameters:
    ///   - maxValueBytes: the largest accepted value (default 32 MiB).
    ///   - bufferBytes: the size of each read (default 1 MiB); tests force tiny sizes.
    public init(
        _ stream: any ByteStream,
        maxValueBytes: Int = JSONValueFramer.defaultMaxValueBytes,
        bufferBytes: Int = LineFramer.defaultBufferBytes
    ) {
        buffer = FramingBuffer(stream: stream, capacity: bufferBytes)
        self.maxValueBytes = max(1, maxValueBytes)
    }

    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    @inline(__always) private static func isWhitespace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09
    }

    @inline(__always) private static func endsScalar(_ b: UInt8) -> Bool {
        isWhitespace(b) || b == UInt8(ascii: ",") || b == UInt8(ascii: "]") || b == UInt8(ascii: "}")
            || b == UInt8(ascii: "{") || b == UInt8(ascii: "[") || b == UInt8(ascii: "\"")
    }

    /// Returns the next top-level value's bytes, or `nil` at the end of the input.
    ///
    /// The pointer is valid until the next call to `next()`; copy what you keep.
    /// - Throws: ``InputError`` (`.unexpectedByte`, `.valueTooLarge`, `.truncatedValue`: keep calling
    ///   `next()`), or the stream's errors.
    public mutating func next() throws(InputError) -> UnsafeRawBufferPointer? {
        while true {
            let base = buffer.base.assumingMemoryBound(to: UInt8.self)
            let end = buffer.end
            var i = scan
            while i < end {
                let b = base[i]
                switch phase {
                case .between:
                    if Self.isWhitespace(b) {
                        i += 1
                        continue
                    }
                    if buffer.baseOffset + Int64(i) < 3 && b == Self.byteOrderMark[Int(buffer.baseOffset) + i] {
                        i += 1  // A UTF-8 byte order mark at the very start of the input.
                        continue
                    }
                    buffer.start = i
                    valueOffset = buffer.baseOffset + Int64(i)
                    discarding = false
                    switch b {
                    case UInt8(ascii: "{"), UInt8(ascii: "["):
                        phase = .inValue
                        depth = 1
                        scalar = false
                    case UInt8(ascii: "\""):
                        phase = .inValue
                        depth = 0
                        inString = true
                        scalar = false
                    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "t"), UInt8(ascii: "f"),
                        UInt8(ascii: "n"):
                        phase = .inValue
                        depth = 0
                        scalar = true
                    default:
                        phase = .resync
                        atLineStart = false
                        i += 1
                        scan = i
                        buffer.start = i
                        throw InputError(.unexpectedByte(b), location: buffer.location(offset: valueOffset))
                    }
                    i += 1
                case .resync:
                    if b == 0x0A {
                        atLineStart = true
                    } else if atLineStart && (b == UInt8(ascii: "{") || b == UInt8(ascii: "[")) {
                        phase = .between
                        continue
                    } else if !Self.isWhitespace(b) {
                        atLineStart = false
                    }
                    i += 1
                case .inValue:
                    if scalar {
                        if Self.endsScalar(b) { return try finish(valueEnd: i) }
                        i += 1
                    } else if let valueEnd = scanComposite(base, from: i, to: end) {
                        return try finish(valueEnd: valueEnd)
                    } else {
                        i = end
                    }
                }
            }
            scan = end
            switch phase {
            case .between, .resync:
                buffer.start = end
            case .inValue:
                if discarding {
                    buffer.start = end
                } else if end - buffer.start > maxValueBytes {
                    discarding = true
                    buffer.start = end
                    recordNumber += 1
                    throw InputError(.valueTooLarge(limit: maxValueBytes), location: location)
                }
            }
            if buffer.eof {
                guard phase == .inValue else { return nil }
                if scalar && !inString && !discarding { return try finish(valueEnd: end) }
                phase = .between
                inString = false
                escaped = false
                buffer.start = end
                if discarding { return nil }
                recordNumber += 1
                throw InputError(.truncatedValue, location: location)
            }
            // A stream error names the record after the last value returned.
            try buffer.refill(shift: &scan, record: recordNumber + 1)
        }
    }

    /// Scans the bytes of a string, object or array value from `start`, keeping the string,
    /// escape and depth state in registers; saves it back when the buffer ends first.
    ///
    /// - Returns: the index just past the value's last byte, or `nil` if the value goes on past `end`.
    @inline(__always)
    private mutating func scanComposite(_ base: UnsafeMutablePointer<UInt8>, from start: Int, to end: Int) -> Int? {
        var i = start
        var depth = self.depth
        var inString = self.inString
        var escaped = self.escaped
        defer {
            self.depth = depth
            self.inString = inString
            self.escaped = escaped
        }
        while i < end {
            if inString {
                if escaped {
                    escaped = false
                    i += 1
                    continue
                }
                // Hot loop: skip ordinary string bytes.
                while i < end && base[i] != 0x22 && base[i] != 0x5C { i += 1 }
                if i == end { return nil }
                if base[i] == 0x5C {
                    escaped = true
                } else {
                    inString = false
                    if depth == 0 { return i + 1 }
                }
                i += 1
            } else {
                // Hot loop: skip bytes that are not `"`, `{`, `[`, `}`, `]` (`[`|0x20 == `{`, `]`|0x20 == `}`).
                while i < end {
                    let c = base[i]
                    if c == 0x22 || c | 0x20 == 0x7B || c | 0x20 == 0x7D { break }
                    i += 1
                }
                if i == end { return nil }
                let c = base[i]
                if c == 0x22 {
                    inString = true
                } else if c | 0x20 == 0x7B {
                    depth += 1
                } else {
                    depth -= 1
                    if depth == 0 { return i + 1 }
                }
                i += 1
            }
        }
        return nil
    }

    /// Ends the current value at `valueEnd` (exclusive) and lends it, unless it is being discarded.
    private mutating func finish(valueEnd: Int) throws(InputError) -> UnsafeRawBufferPointer? {
        phase = .between
        scan = valueEnd
        let valueStart = buffer.start
        buffer.start = valueEnd
        if discarding {
            discarding = false
            return try next()
        }
        if valueEnd - valueStart > maxValueBytes {
            recordNumber += 1
            throw InputError(.valueTooLarge(limit: maxValueBytes), location: location)
        }
        recordNumber += 1
        return UnsafeRawBufferPointer(start: buffer.base + valueStart, count: valueEnd - valueStart)
    }
}
