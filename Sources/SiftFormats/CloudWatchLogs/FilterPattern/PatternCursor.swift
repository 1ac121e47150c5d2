/// A read position in the UTF-8 bytes of a filter pattern, with the small scanning helpers the
/// parsers share and errors that point at the current column.
struct PatternCursor {
    /// The pattern as given (for error messages).
    let text: String
    /// The UTF-8 bytes of the pattern.
    let bytes: [UInt8]
    /// The offset of the next unread byte.
    var position = 0

    init(_ text: String) {
        self.text = text
        self.bytes = Array(text.utf8)
    }

    /// Whether every byte has been read.
    var isAtEnd: Bool { position >= bytes.count }

    /// The next byte, or `nil` at the end.
    var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    /// The byte after the next, or `nil`.
    var peekSecond: UInt8? { position + 1 < bytes.count ? bytes[position + 1] : nil }

    /// Skips spaces, tabs and newlines.
    mutating func skipSpaces() {
        while let b = peek, b.isPatternSpace { position += 1 }
    }

    /// Consumes `byte` if it is next.
    mutating func consume(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        position += 1
        return true
    }

    /// Consumes `word` (ASCII, case-insensitive) if it is next and not followed by a word byte.
    mutating func consumeKeyword(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        let letters = UnsafeBufferPointer(start: word.utf8Start, count: count)
        for i in 0..<count where bytes[position + i] | 0x20 != letters[i] | 0x20 { return false }
        if position + count < bytes.count, bytes[position + count].isWordByte { return false }
        position += count
        return true
    }

    /// An error at the current position (or at `offset`).
    func error(_ message: String, at offset: Int? = nil) -> FilterPatternError {
        FilterPatternError(pattern: text, byteOffset: offset ?? position, message: message)
    }

    /// Reads a `"…"` string starting at the current `"`, resolving `\"` and `\\`.
    ///
    /// - Throws: when the closing quote is missing.
    mutating func readQuoted() throws(FilterPatternError) -> [UInt8] {
        let start = position
        position += 1
        var out: [UInt8] = []
        while let b = peek {
            position += 1
            if b == UInt8(ascii: "\"") { return out }
            if b == UInt8(ascii: "\\"), let next = peek, next == UInt8(ascii: "\"") || next == UInt8(ascii: "\\") {
                out.append(next)
                position += 1
            } else {
                out.append(b)
            }
        }
        throw error("expected a closing '\"' for the quote opened here", at: start)
    }
}

extension UInt8 {
    /// Space, tab, carriage return or newline.
    var isPatternSpace: Bool { self == 0x20 || self == 0x09 || self == 0x0A || self == 0x0D }

    /// An ASCII letter, digit or `_`.
    var isWordByte: Bool {
        (self >= 0x30 && self <= 0x39) || (self | 0x20 >= 0x61 && self | 0x20 <= 0x7A) || self == 0x5F
    }

    /// An ASCII digit.
    var isDigit: Bool { self >= 0x30 && self <= 0x39 }
}
