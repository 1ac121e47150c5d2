/// Text from data made safe for a terminal: what table, CSV and text output and the diagnostics on
/// stderr print.
///
/// Data carries any bytes (a log line, a segment name, a file name from a directory walk), and a
/// raw ESC, OSC or carriage return would recolour, retitle or rewrite the user's terminal, and a
/// line break would forge a row or an event. So every character that is not shown as itself on a
/// terminal becomes a visible escape, and printable text (ASCII and all other characters) stays
/// byte-identical:
///
/// | characters | shown as |
/// |---|---|
/// | line feed, carriage return | `\n`, `\r` |
/// | tab | kept, or a space in table cells (``Tabs``) |
/// | other C0 controls (ESC, BEL, ...), DEL | `\x1b`, `\x07`, `\x7f` |
/// | C1 controls U+0080–U+009F | `\u009b` |
/// | bidirectional embeddings and overrides U+202A–U+202E, isolates U+2066–U+2069 | `\u202e` |
/// | line and paragraph separators U+2028, U+2029 | `\u2028` |
/// | bytes that are not UTF-8 (raw log messages) | `\xff` |
///
/// A backslash is not escaped, so the escapes are for reading, not reversible: JSON output is the
/// lossless form.
public enum DisplayText {
    /// What a tab becomes.
    public enum Tabs: Sendable {
        /// Kept as a tab (text lines: harmless, and Lambda logs separate fields with tabs).
        case keep
        /// A space (table cells, so columns stay aligned).
        case space
    }

    /// `text` with every character of the table above escaped; `text` itself when it has none.
    public static func escaped(_ text: String, tabs: Tabs = .space) -> String {
        guard needsEscaping(text) else { return text }
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 8)
        for scalar in text.unicodeScalars {
            if scalar == "\t" {
                out.unicodeScalars.append(tabs == .keep ? "\t" : " ")
            } else if let escape = escape(scalar.value) {
                out += escape
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Whether ``escaped(_:tabs:)`` changes `text` (tabs aside only when `tabs` is `.keep`).
    public static func needsEscaping(_ text: String) -> Bool {
        for byte in text.utf8 where byte < 0x20 || byte == 0x7F || byte == 0xC2 || byte == 0xE2 {
            // C1 controls start with 0xC2, the bidi controls and separators with 0xE2: look closer.
            return text.unicodeScalars.contains { $0 == "\t" || escape($0.value) != nil }
        }
        return false
    }

    /// Appends UTF-8 (or not quite UTF-8) `bytes` with every character of the table above escaped.
    ///
    /// - Parameters:
    ///   - tabs: what a tab becomes.
    ///   - keepingFinalLineBreak: whether one final `\n` or `\r\n` stays as it is (it only ends the
    ///     line: log messages from Lambda end with one).
    public static func append(
        _ bytes: UnsafeRawBufferPointer, tabs: Tabs, keepingFinalLineBreak: Bool = false, to out: inout [UInt8]
    ) {
        var end = bytes.count
        var finalBreak = 0
        if keepingFinalLineBreak, end > 0, bytes[end - 1] == 0x0A {
            finalBreak = end > 1 && bytes[end - 2] == 0x0D ? 2 : 1
            end -= finalBreak
        }
        var i = 0
        var runStart = 0
        func flush(_ upTo: Int) {
            if runStart < upTo { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart..<upTo])) }
        }
        while i < end {
            let byte = bytes[i]
            if byte >= 0x20 && byte < 0x7F {
                i += 1
                continue
            }
            if byte == 0x09 {
                if tabs == .space {
                    flush(i)
                    out.append(0x20)
                    runStart = i + 1
                }
                i += 1
                continue
            }
            if byte < 0x80 {
                flush(i)
                out.append(contentsOf: escape(UInt32(byte))!.utf8)
                i += 1
                runStart = i
                continue
            }
            let (scalar, length) = decode(bytes, at: i, end: end)
            guard let scalar else {
                flush(i)
                out.append(contentsOf: hex("\\x", UInt32(byte), digits: 2).utf8)
                i += 1
                runStart = i
                continue
            }
            if let escape = escape(scalar) {
                flush(i)
                out.append(contentsOf: escape.utf8)
                runStart = i + length
            }
            i += length
        }
        flush(end)
        if finalBreak > 0 { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[end...])) }
    }

    /// The escape for one Unicode scalar value, or `nil` when it is shown as itself (tabs aside).
    @inline(__always)
    static func escape(_ value: UInt32) -> String? {
        switch value {
        case 0x0A: return "\\n"
        case 0x0D: return "\\r"
        case 0x09: return nil
        case 0x00..<0x20, 0x7F: return hex("\\x", value, digits: 2)
        case 0x80...0x9F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029: return hex("\\u", value, digits: 4)
        default: return nil
        }
    }

    private static func hex(_ prefix: String, _ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return prefix + String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    /// The scalar of the well-formed UTF-8 sequence at `i`, and its length; `nil` (length 1) when
    /// the bytes there are not UTF-8.
    private static func decode(_ b: UnsafeRawBufferPointer, at i: Int, end: Int) -> (UInt32?, Int) {
        let lead = b[i]
        func cont(_ k: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> UInt32? {
            guard i + k < end, b[i + k] >= low, b[i + k] <= high else { return nil }
            return UInt32(b[i + k] & 0x3F)
        }
        switch lead {
        case 0xC2...0xDF:
            guard let c1 = cont(1) else { return (nil, 1) }
            return (UInt32(lead & 0x1F) << 6 | c1, 2)
        case 0xE0...0xEF:
            let low: UInt8 = lead == 0xE0 ? 0xA0 : 0x80, high: UInt8 = lead == 0xED ? 0x9F : 0xBF
            guard let c1 = cont(1, low, high), let c2 = cont(2) else { return (nil, 1) }
            return (UInt32(lead & 0x0F) << 12 | c1 << 6 | c2, 3)
        case 0xF0...0xF4:
            let low: UInt8 = lead == 0xF0 ? 0x90 : 0x80, high: UInt8 = lead == 0xF4 ? 0x8F : 0xBF
            guard let c1 = cont(1, low, high), let c2 = cont(2), let c3 = cont(3) else { return (nil, 1) }
            return (UInt32(lead & 0x07) << 18 | c1 << 12 | c2 << 6 | c3, 4)
        default:
            return (nil, 1)
        }
    }
}
