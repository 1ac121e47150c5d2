/// Renders JSON output: quoted strings and numbers appended to a byte array.
///
/// ```swift
/// var out: [UInt8] = []
/// JSONWriter.appendQuoted("a\"b", to: &out)   // "a\"b"
/// JSONWriter.appendNumber(3.0, to: &out)      // 3
/// ```
public enum JSONWriter {
    /// Appends `string` as a JSON string literal (RFC 8259 escaping).
    ///
    /// `"` and `\` are escaped with a backslash; `\n`, `\r`, `\t`, `\b`, `\f` use their short
    /// escapes and other control characters below 0x20 use `\u00XX`, as RFC 8259 requires. So
    /// that no JSON line can drive a terminal it is printed on, DEL, the C1 controls
    /// U+0080–U+009F, the bidirectional overrides U+202A–U+202E and isolates U+2066–U+2069, and
    /// U+2028/U+2029 are written as `\uXXXX` too (the same string to any JSON reader). All other
    /// characters, including non-ASCII, are written as UTF-8.
    ///
    /// - Complexity: O(n); allocates only when `out` grows.
    @inlinable
    public static func appendQuoted(_ string: some StringProtocol, to out: inout [UInt8]) {
        let done: Void? = string.utf8.withContiguousStorageIfAvailable { appendQuoted(UnsafeRawBufferPointer($0), to: &out) }
        if done == nil { Array(string.utf8).withUnsafeBytes { appendQuoted($0, to: &out) } }
    }

    /// Appends UTF-8 `bytes` as a JSON string literal (RFC 8259 escaping).
    ///
    /// The bytes are assumed to be UTF-8 (for instance from ``JSONScanner/readStringBytes()``,
    /// which validates); other bytes are copied unchanged.
    ///
    /// - Complexity: O(n); allocates only when `out` grows.
    @inlinable
    public static func appendQuoted(_ bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b == 0xC2, i + 1 < n, bytes[i + 1] >= 0x80, bytes[i + 1] <= 0x9F {
                _appendUnicodeEscape(UInt32(bytes[i + 1]), to: &out)  // C1 control
                i += 2
                continue
            }
            if b == 0xE2, i + 2 < n,
                (bytes[i + 1] == 0x80 && bytes[i + 2] >= 0xA8 && bytes[i + 2] <= 0xAE)
                    || (bytes[i + 1] == 0x81 && bytes[i + 2] >= 0xA6 && bytes[i + 2] <= 0xA9)
            {
                _appendUnicodeEscape(0x2000 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F), to: &out)
                i += 3
                continue
            }
            _appendEscaped(b, to: &out)
            i += 1
        }
        out.append(UInt8(ascii: "\""))
    }

    /// `\uXXXX` for a BMP scalar.
    @inlinable
    static func _appendUnicodeEscape(_ value: UInt32, to out: inout [UInt8]) {
        let hex: StaticString = "0123456789abcdef"
        out.append(contentsOf: [0x5C, UInt8(ascii: "u")])
        for shift in stride(from: 12, through: 0, by: -4) { out.append(hex.utf8Start[Int(value >> UInt32(shift) & 0xF)]) }
    }

    @inlinable @inline(__always)
    static func _appendEscaped(_ b: UInt8, to out: inout [UInt8]) {
        switch b {
        case UInt8(ascii: "\""):
            out.append(UInt8(ascii: "\\"))
            out.append(b)
        case UInt8(ascii: "\\"):
            out.append(UInt8(ascii: "\\"))
            out.append(b)
        case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
        case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
        case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
        case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
        case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
        case 0..<0x20, 0x7F:
            let hex: StaticString = "0123456789abcdef"
            out.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
            out.append(hex.utf8Start[Int(b >> 4)])
            out.append(hex.utf8Start[Int(b & 0xF)])
        default:
            out.append(b)
        }
    }

    /// Appends `value` as a JSON number.
    ///
    /// Integral values with magnitude below 2^53 are written without a fraction (`3`, `-0`);
    /// other finite values use Swift's shortest round-trip form (`0.1`, `1e+100`), which is valid
    /// JSON. Infinities and NaN, which JSON cannot express, are written as `null`.
    ///
    /// - Complexity: Allocates a temporary string for non-integral values.
    public static func appendNumber(_ value: Double, to out: inout [UInt8]) {
        guard value.isFinite else {
            out.append(contentsOf: [UInt8(ascii: "n"), UInt8(ascii: "u"), UInt8(ascii: "l"), UInt8(ascii: "l")])
            return
        }
        if value.magnitude < 9_007_199_254_740_992.0 && value.rounded(.towardZero) == value {
            if value == 0 && value.sign == .minus { out.append(UInt8(ascii: "-")) }
            appendInteger(Int64(value), to: &out)
            return
        }
        out.append(contentsOf: value.description.utf8)
    }

    /// Appends `value` in decimal.
    ///
    /// - Complexity: O(digits), no allocation beyond growing `out`.
    @inlinable
    public static func appendInteger(_ value: Int64, to out: inout [UInt8]) {
        var magnitude = value.magnitude
        if value < 0 { out.append(UInt8(ascii: "-")) }
        // Up to 20 digits, written backwards into a fixed tuple-free buffer.
        let start = out.count
        repeat {
            out.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10))
            magnitude /= 10
        } while magnitude != 0
        out[start...].reverse()
    }
}
