/// Normalises SQL text to a statement shape, so executions of one statement group together.
///
/// Rules, applied in one pass over the UTF-8 bytes:
/// - literals become `?`: `'...'` strings (with `''` escapes), dollar-quoted strings (`$$...$$`,
///   `$tag$...$tag$`), numbers (integers, decimals, `.5`, exponents, a leading `-` where it cannot
///   be binary minus); digits inside identifiers (`t1`) stay;
/// - placeholders become `?`: `$1`, `%(name)s`, `%s`, `:name` (but not a `::type` cast), `?`;
/// - a parenthesised list of only placeholders becomes `(?)` (`IN (?, ?, ?)` → `IN (?)`);
/// - comments (`-- ...`, `/* ... */`) and whitespace runs become one space; the result is trimmed;
/// - keywords from a fixed list (`SELECT`, `FROM`, `WHERE`, ...) are upper-cased, except after
///   `.` or `::`; identifiers and `"quoted identifiers"` are kept as written.
///
/// ```swift
/// SQLFingerprint.fingerprint("select * from t where id in (1, 2,3) and name = 'x''y'")
/// // "SELECT * FROM t WHERE id IN (?) AND name = ?"
/// ```
public enum SQLFingerprint {
    /// The fingerprint of `sql` (see the type's rules).
    ///
    /// - Complexity: O(n) in the length of `sql`.
    public static func fingerprint(_ sql: String) -> String {
        var scanner = Scanner(Array(sql.utf8))
        scanner.run()
        return String(decoding: collapsePlaceholderLists(scanner.out), as: UTF8.self)
    }

    /// Keywords upper-cased in the output.
    static let keywords: Set<String> = [
        "SELECT", "FROM", "WHERE", "AND", "OR", "IN", "ORDER", "BY", "GROUP", "LIMIT", "OFFSET", "INSERT", "INTO",
        "VALUES", "UPDATE", "SET", "DELETE", "JOIN", "LEFT", "RIGHT", "INNER", "OUTER", "FULL", "CROSS", "ON", "AS",
        "ASC", "DESC", "NOT", "NULL", "IS", "LIKE", "ILIKE", "BETWEEN", "HAVING", "DISTINCT", "CASE", "WHEN", "THEN",
        "ELSE", "END", "UNION", "ALL", "EXISTS", "RETURNING", "WITH", "USING", "INTERSECT", "EXCEPT", "ANY", "SOME",
        "TRUE", "FALSE", "CAST", "RECURSIVE", "LATERAL", "CONFLICT", "DO", "NOTHING", "FOR", "NULLS",
    ]

    private enum Last { case start, value, other, keyword }

    private struct Scanner {
        let bytes: [UInt8]
        var i = 0
        var out: [UInt8] = []
        var pendingSpace = false
        var last: Last = .start

        init(_ bytes: [UInt8]) {
            self.bytes = bytes
            out.reserveCapacity(bytes.count)
        }

        func byte(_ offset: Int) -> UInt8? { i + offset < bytes.count ? bytes[i + offset] : nil }

        mutating func emit(_ b: [UInt8], as kind: Last) {
            if pendingSpace, !out.isEmpty { out.append(UInt8(ascii: " ")) }
            pendingSpace = false
            out.append(contentsOf: b)
            last = kind
        }

        mutating func placeholder(length: Int) {
            i += length
            emit([UInt8(ascii: "?")], as: .value)
        }

        mutating func run() {
            while i < bytes.count {
                let b = bytes[i]
                switch b {
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), 0x0B, 0x0C:
                    pendingSpace = true
                    i += 1
                case UInt8(ascii: "-") where byte(1) == UInt8(ascii: "-"):
                    while i < bytes.count, bytes[i] != UInt8(ascii: "\n") { i += 1 }
                    pendingSpace = true
                case UInt8(ascii: "/") where byte(1) == UInt8(ascii: "*"):
                    i += 2
                    while i < bytes.count, !(bytes[i] == UInt8(ascii: "*") && byte(1) == UInt8(ascii: "/")) { i += 1 }
                    i = min(i + 2, bytes.count)
                    pendingSpace = true
                case UInt8(ascii: "'"):
                    i += 1
                    while i < bytes.count {
                        if bytes[i] == UInt8(ascii: "'") {
                            if byte(1) == UInt8(ascii: "'") { i += 2; continue }
                            break
                        }
                        i += 1
                    }
                    placeholder(length: 1)
                case UInt8(ascii: "\""):
                    let start = i
                    i += 1
                    while i < bytes.count {
                        if bytes[i] == UInt8(ascii: "\"") {
                            if byte(1) == UInt8(ascii: "\"") { i += 2; continue }
                            i += 1
                            break
                        }
                        i += 1
                    }
                    emit(Array(bytes[start..<i]), as: .value)
                case UInt8(ascii: "$"):
                    dollar()
                case UInt8(ascii: "%"):
                    if byte(1) == UInt8(ascii: "s") {
                        placeholder(length: 2)
                    } else if byte(1) == UInt8(ascii: "("), let close = bytes[(i + 2)...].firstIndex(of: UInt8(ascii: ")")),
                              close + 1 < bytes.count, bytes[close + 1] == UInt8(ascii: "s") {
                        placeholder(length: close + 2 - i)
                    } else {
                        i += 1
                        emit([b], as: .other)
                    }
                case UInt8(ascii: ":"):
                    if byte(1) == UInt8(ascii: ":") {
                        i += 2
                        emit([b, b], as: .other)
                        if let next = byte(0), isIdentifierStart(next) { word(uppercase: false) }
                    } else if let next = byte(1), isWordByte(next), !(i > 0 && isWordByte(bytes[i - 1])) {
                        i += 1
                        while i < bytes.count, isWordByte(bytes[i]) { i += 1 }
                        emit([UInt8(ascii: "?")], as: .value)
                    } else {
                        i += 1
                        emit([b], as: .other)
                    }
                case UInt8(ascii: "?"):
                    placeholder(length: 1)
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    number()
                case UInt8(ascii: "."):
                    if let next = byte(1), isDigit(next), !(i > 0 && isWordByte(bytes[i - 1])) {
                        number()
                    } else {
                        i += 1
                        emit([b], as: .other)
                        if let next = byte(0), isIdentifierStart(next) { word(uppercase: false) }
                    }
                case UInt8(ascii: "-") where last != .value && (byte(1).map(isDigit) ?? false
                                                                 || (byte(1) == UInt8(ascii: ".") && (byte(2).map(isDigit) ?? false))):
                    i += 1
                    number()
                case UInt8(ascii: ")"):
                    i += 1
                    emit([b], as: .value)
                default:
                    if isIdentifierStart(b) {
                        word(uppercase: true)
                    } else {
                        i += 1
                        emit([b], as: .other)
                    }
                }
            }
        }

        /// `$1` placeholder, `$tag$...$tag$` string, or a plain `$`.
        mutating func dollar() {
            if let next = byte(1), isDigit(next) {
                var j = i + 1
                while j < bytes.count, isDigit(bytes[j]) { j += 1 }
                placeholder(length: j - i)
                return
            }
            var j = i + 1
            while j < bytes.count, isIdentifierStart(bytes[j]) || isDigit(bytes[j]) { j += 1 }
            if j < bytes.count, bytes[j] == UInt8(ascii: "$") {
                let tag = Array(bytes[i...j])
                var k = j + 1
                while k + tag.count <= bytes.count, !bytes[k..<k + tag.count].elementsEqual(tag) { k += 1 }
                i = min(k + tag.count, bytes.count)
                emit([UInt8(ascii: "?")], as: .value)
                return
            }
            i += 1
            emit([UInt8(ascii: "$")], as: .other)
        }

        /// A numeric literal at `i` (digits, fraction, exponent); a word when letters follow (`1abc`).
        mutating func number() {
            let start = i
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
            if i < bytes.count, bytes[i] == UInt8(ascii: "."), byte(1).map(isDigit) ?? false || i == start {
                i += 1
                while i < bytes.count, isDigit(bytes[i]) { i += 1 }
            }
            if i < bytes.count, bytes[i] | 0x20 == UInt8(ascii: "e") {
                var j = i + 1
                if j < bytes.count, bytes[j] == UInt8(ascii: "+") || bytes[j] == UInt8(ascii: "-") { j += 1 }
                if j < bytes.count, isDigit(bytes[j]) {
                    i = j
                    while i < bytes.count, isDigit(bytes[i]) { i += 1 }
                }
            }
            if i < bytes.count, isWordByte(bytes[i]) {
                while i < bytes.count, isWordByte(bytes[i]) || bytes[i] == UInt8(ascii: "$") { i += 1 }
                emit(Array(bytes[start..<i]), as: .value)
                return
            }
            emit([UInt8(ascii: "?")], as: .value)
        }

        /// An identifier or keyword; keywords are upper-cased when `uppercase`.
        mutating func word(uppercase: Bool) {
            let start = i
            while i < bytes.count, isWordByte(bytes[i]) || bytes[i] == UInt8(ascii: "$") { i += 1 }
            let text = bytes[start..<i]
            if uppercase, text.count <= 9 {
                let upper = text.map { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") ? $0 - 32 : $0 }
                if SQLFingerprint.keywords.contains(String(decoding: upper, as: UTF8.self)) {
                    emit(upper, as: .keyword)
                    return
                }
            }
            emit(Array(text), as: .value)
        }
    }

    /// Replaces each `(` `?` (`,` `?`)* `)` (spaces allowed) with `(?)`.
    static func collapsePlaceholderLists(_ s: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        var i = 0
        func skipSpaces(_ j: inout Int) { while j < s.count, s[j] == UInt8(ascii: " ") { j += 1 } }
        while i < s.count {
            if s[i] == UInt8(ascii: "(") {
                var j = i + 1
                skipSpaces(&j)
                if j < s.count, s[j] == UInt8(ascii: "?") {
                    j += 1
                    while true {
                        var k = j
                        skipSpaces(&k)
                        guard k < s.count, s[k] == UInt8(ascii: ",") else { break }
                        k += 1
                        skipSpaces(&k)
                        guard k < s.count, s[k] == UInt8(ascii: "?") else { break }
                        j = k + 1
                    }
                    skipSpaces(&j)
                    if j < s.count, s[j] == UInt8(ascii: ")") {
                        out.append(contentsOf: "(?)".utf8)
                        i = j + 1
                        continue
                    }
                }
            }
            out.append(s[i])
            i += 1
        }
        return out
    }
}

@inline(__always) private func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
@inline(__always) private func isIdentifierStart(_ b: UInt8) -> Bool {
    (b | 0x20 >= UInt8(ascii: "a") && b | 0x20 <= UInt8(ascii: "z")) || b == UInt8(ascii: "_") || b >= 0x80
}
@inline(__always) private func isWordByte(_ b: UInt8) -> Bool { isIdentifierStart(b) || isDigit(b) }
