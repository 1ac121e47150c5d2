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

    private var cursor: JSONRecordCursor
    private var gaps = Gaps()

    /// Largest accepted value in bytes.
    public var maxValueBytes: Int { cursor.maxBytes }

    /// Where the value returned (or the error thrown) by the last ``next()`` starts: 1-based record
    /// number (for values), decompressed byte offset, and gzip member.
    public var location: InputLocation { cursor.location }

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
        cursor = JSONRecordCursor(stream, bufferBytes: bufferBytes, maxBytes: maxValueBytes, backToBack: true)
    }

    /// Returns the next top-level value's bytes, or `nil` at the end of the input.
    ///
    /// The pointer is valid until the next call to `next()`; copy what you keep.
    /// - Throws: ``InputError`` (`.unexpectedByte`, `.valueTooLarge`, `.truncatedValue`: keep calling
    ///   `next()`), or the stream's errors.
    public mutating func next() throws(InputError) -> UnsafeRawBufferPointer? {
        try cursor.next(&gaps)
    }

    /// Between values: whitespace, a byte order mark at the start, and junk up to the next line
    /// that starts with `{` or `[`.
    private struct Gaps: JSONGapScanner {
        private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
        private var resyncing = false
        private var atLineStart = false

        mutating func startsRecord(_ b: UInt8, at i: Int, _ cursor: inout JSONRecordCursor) throws(InputError) -> Bool {
            if resyncing {
                if b == 0x0A {
                    atLineStart = true
                } else if atLineStart && (b == UInt8(ascii: "{") || b == UInt8(ascii: "[")) {
                    resyncing = false
                    return true
                } else if !JSONValueBoundary.isWhitespace(b) {
                    atLineStart = false
                }
                return false
            }
            if JSONValueBoundary.isWhitespace(b) { return false }
            let offset = cursor.buffer.baseOffset + Int64(i)
            if offset < 3 && b == Self.byteOrderMark[Int(offset)] {
                return false  // A UTF-8 byte order mark at the very start of the input.
            }
            switch b {
            case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "\""), UInt8(ascii: "-"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                return true
            default:
                resyncing = true
                atLineStart = false
                cursor.locate(at: i)  // `location` names the junk, as the error does.
                throw cursor.skip(b, at: i)
            }
        }
    }
}
