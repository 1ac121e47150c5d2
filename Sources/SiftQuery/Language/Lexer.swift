/// Splits query text into ``Token``s on demand.
///
/// `/` is ambiguous (division or a regex literal); the lexer returns it as a symbol and the
/// parser asks for ``regex(at:)`` where an operand is expected.
struct Lexer {
    let text: [UInt8]
    private(set) var position = 0

    init(_ text: [UInt8]) { self.text = text }

    /// Moves to `offset` (used after re-reading a `/` as a regex).
    mutating func seek(_ offset: Int) { position = offset }

    /// The next token.
    mutating func next() throws(QuerySyntaxError) -> Token {
        skipSpaceAndComments()
        let start = position
        guard position < text.count else { return Token(kind: .end, start: start, end: start) }
        let c = text[position]
        if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") { return try string(quote: c) }
        if c == UInt8(ascii: "`") {
            position += 1
            while position < text.count && text[position] != UInt8(ascii: "`") { position += 1 }
            guard position < text.count else { throw error(at: start, expected: "a closing '`'", found: "end of query") }
            position += 1
            let name = String(decoding: text[(start + 1)..<(position - 1)], as: UTF8.self)
            return Token(kind: .identifier(name), start: start, end: position, quoted: true)
        }
        if Lexer.isDigit(c) || (c == UInt8(ascii: ".") && position + 1 < text.count && Lexer.isDigit(text[position + 1])) {
            return try number()
        }
        if Lexer.isIdentifierStart(c) {
            while position < text.count && Lexer.isIdentifierPart(text[position]) { position += 1 }
            return Token(kind: .identifier(String(decoding: text[start..<position], as: UTF8.self)), start: start, end: position)
        }
        for symbol in ["!=", "<=", ">=", "=~", "==", "|", "(", ")", "[", "]", ",", "=", "<", ">", "+", "-", "*", "/", "%", "^", "!"] {
            let bytes = Array(symbol.utf8)
            if position + bytes.count <= text.count && Array(text[position..<(position + bytes.count)]) == bytes {
                position += bytes.count
                return Token(kind: .symbol(symbol == "==" ? "=" : symbol), start: start, end: position)
            }
        }
        throw error(at: start, expected: "a field, literal, operator or '|'", found: "'\(String(decoding: [c], as: UTF8.self))'")
    }

    /// Reads a regex literal whose opening `/` is at `offset`; leaves the position after the closing `/`.
    mutating func regex(at offset: Int) throws(QuerySyntaxError) -> Token {
        var i = offset + 1
        var inClass = false
        var pattern: [UInt8] = []
        while i < text.count {
            let c = text[i]
            if c == UInt8(ascii: "\\"), i + 1 < text.count {
                // Kept escaped: the regex reads `\/` as a literal `/`.
                pattern.append(c)
                pattern.append(text[i + 1])
                i += 2
                continue
            }
            if c == UInt8(ascii: "[") { inClass = true }
            if c == UInt8(ascii: "]") { inClass = false }
            if c == UInt8(ascii: "/") && !inClass { break }
            pattern.append(c)
            i += 1
        }
        guard i < text.count else { throw error(at: offset, expected: "a closing '/' for the regex", found: "end of query") }
        i += 1
        var caseInsensitive = false
        if i < text.count && text[i] == UInt8(ascii: "i") && (i + 1 == text.count || !Lexer.isIdentifierPart(text[i + 1])) {
            caseInsensitive = true
            i += 1
        }
        position = i
        return Token(kind: .regex(pattern: String(decoding: pattern, as: UTF8.self), caseInsensitive: caseInsensitive), start: offset, end: i)
    }

    private mutating func skipSpaceAndComments() {
        while position < text.count {
            let c = text[position]
            if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") {
                position += 1
            } else if c == UInt8(ascii: "#") {
                while position < text.count && text[position] != UInt8(ascii: "\n") { position += 1 }
            } else {
                return
            }
        }
    }

    private mutating func string(quote: UInt8) throws(QuerySyntaxError) -> Token {
        let start = position
        position += 1
        var bytes: [UInt8] = []
        while position < text.count && text[position] != quote {
            var c = text[position]
            if c == UInt8(ascii: "\\"), position + 1 < text.count {
                position += 1
                switch text[position] {
                case UInt8(ascii: "n"): c = UInt8(ascii: "\n")
                case UInt8(ascii: "t"): c = UInt8(ascii: "\t")
                case UInt8(ascii: "r"): c = UInt8(ascii: "\r")
                default: c = text[position]
                }
            }
            bytes.append(c)
            position += 1
        }
        guard position < text.count else {
            throw error(at: start, expected: "a closing \(quote == UInt8(ascii: "\"") ? "'\"'" : "\"'\"") for the string", found: "end of query")
        }
        position += 1
        return Token(kind: .string(String(decoding: bytes, as: UTF8.self)), start: start, end: position)
    }

    private mutating func number() throws(QuerySyntaxError) -> Token {
        let start = position
        while position < text.count && (Lexer.isDigit(text[position]) || text[position] == UInt8(ascii: ".")) { position += 1 }
        if position < text.count && (text[position] == UInt8(ascii: "e") || text[position] == UInt8(ascii: "E")),
           position + 1 < text.count,
           Lexer.isDigit(text[position + 1]) || ((text[position + 1] == UInt8(ascii: "-") || text[position + 1] == UInt8(ascii: "+")) && position + 2 < text.count && Lexer.isDigit(text[position + 2])) {
            position += 2
            while position < text.count && Lexer.isDigit(text[position]) { position += 1 }
        }
        let numberText = String(decoding: text[start..<position], as: UTF8.self)
        guard let value = Double(numberText) else { throw error(at: start, expected: "a number", found: "'\(numberText)'") }
        let unitStart = position
        while position < text.count && Lexer.isIdentifierPart(text[position]) { position += 1 }
        guard position > unitStart else { return Token(kind: .number(value), start: start, end: position) }
        let unit = String(decoding: text[unitStart..<position], as: UTF8.self)
        guard let millis = Lexer.unitMillis[unit] else {
            throw error(at: unitStart, expected: "a time unit (ms, s, m, h, d, w) or an operator after the number", found: "'\(unit)'")
        }
        let total = (value * Double(millis)).rounded()
        guard total.isFinite, total <= 9e18 else {
            throw error(at: start, expected: "a duration of at most 9e18 ms", found: "'\(numberText)\(unit)'")
        }
        return Token(kind: .duration(Int64(total)), start: start, end: position)
    }

    /// Milliseconds per time unit, with the spellings Logs Insights accepts.
    static let unitMillis: [String: Int64] = [
        "ms": 1, "s": 1000, "sec": 1000, "m": 60_000, "min": 60_000, "h": 3_600_000, "hr": 3_600_000,
        "d": 86_400_000, "w": 604_800_000,
    ]

    func error(at offset: Int, expected: String, found: String) -> QuerySyntaxError {
        QuerySyntaxError(text: text, offset: offset, expected: expected, found: found)
    }

    static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
    static func isIdentifierStart(_ c: UInt8) -> Bool {
        (c | 0x20 >= UInt8(ascii: "a") && c | 0x20 <= UInt8(ascii: "z")) || c == UInt8(ascii: "_") || c == UInt8(ascii: "@") || c == UInt8(ascii: "$") || c >= 0x80
    }
    static func isIdentifierPart(_ c: UInt8) -> Bool { isIdentifierStart(c) || isDigit(c) || c == UInt8(ascii: ".") }
}
