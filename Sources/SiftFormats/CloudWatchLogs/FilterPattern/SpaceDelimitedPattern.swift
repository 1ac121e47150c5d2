/// A space-delimited pattern `[ip, user, ..., status = 5*, bytes > 1000]`.
///
/// The message is split into fields at runs of spaces; a field that begins with `"` runs to the
/// next `"`, and one that begins with `[` to the matching `]`, spaces included. Comparisons see
/// the field without those surrounding quotes or brackets.
///
/// Each pattern entry names one field (names are only labels) and may carry a condition:
/// `name = value`, `!=`, `<`, `>`, `<=`, `>=`, with `*` wildcards in text values and numbers
/// compared numerically (a field that is not a number fails a numeric condition), and several
/// comparisons joined by `&&` / `||` that each repeat the name (`status = 4* || status = 5*`).
/// `...` stands for any number of fields (none included). Without an ellipsis the message must
/// have exactly as many fields as the pattern has entries.
struct SpaceDelimitedPattern: Sendable {
    /// One entry between the brackets.
    enum Entry: Sendable {
        /// `...`
        case ellipsis
        /// A named field with an optional condition.
        case field(FieldCondition?)
    }

    /// The entries in order.
    let entries: [Entry]

    /// Parses `[ … ]` at the cursor (at `[`), leaving it after the `]`.
    init(parsing cursor: inout PatternCursor) throws(FilterPatternError) {
        cursor.position += 1
        var entries: [Entry] = []
        cursor.skipSpaces()
        if cursor.consume(UInt8(ascii: "]")) { throw cursor.error("expected at least one field name between '[' and ']'", at: cursor.position - 1) }
        while true {
            cursor.skipSpaces()
            if cursor.peek == UInt8(ascii: "."), cursor.peekSecond == UInt8(ascii: ".") {
                let start = cursor.position
                while cursor.peek == UInt8(ascii: ".") { cursor.position += 1 }
                guard cursor.position - start == 3 else { throw cursor.error("expected '...' (three dots)", at: start) }
                entries.append(.ellipsis)
            } else {
                let name = try Self.parseName(&cursor)
                cursor.skipSpaces()
                var condition: FieldCondition?
                if let b = cursor.peek, b != UInt8(ascii: ","), b != UInt8(ascii: "]") {
                    condition = try Self.parseOr(&cursor, name: name)
                }
                entries.append(.field(condition))
            }
            cursor.skipSpaces()
            if cursor.consume(UInt8(ascii: "]")) { break }
            guard cursor.consume(UInt8(ascii: ",")) else {
                throw cursor.error(cursor.isAtEnd ? "expected ']' to close the space-delimited pattern" : "expected ',' or ']'")
            }
        }
        self.entries = entries
    }

    /// A field name: letters, digits, `_`, `-`, `.` and other bytes that are not delimiters.
    private static func parseName(_ cursor: inout PatternCursor) throws(FilterPatternError) -> [UInt8] {
        let start = cursor.position
        while let b = cursor.peek, b.isWordByte || b == UInt8(ascii: "-") || b >= 0x80 { cursor.position += 1 }
        guard cursor.position > start else { throw cursor.error("expected a field name or '...'") }
        return Array(cursor.bytes[start..<cursor.position])
    }

    private static func parseOr(_ cursor: inout PatternCursor, name: [UInt8]) throws(FilterPatternError) -> FieldCondition {
        var left = try parseAnd(&cursor, name: name)
        while true {
            cursor.skipSpaces()
            guard cursor.peek == UInt8(ascii: "|"), cursor.peekSecond == UInt8(ascii: "|") else { return left }
            cursor.position += 2
            left = .or(left, try parseAnd(&cursor, name: name, repeatName: true))
        }
    }

    private static func parseAnd(_ cursor: inout PatternCursor, name: [UInt8], repeatName: Bool = false) throws(FilterPatternError) -> FieldCondition {
        var left = try parseComparison(&cursor, name: name, repeatName: repeatName)
        while true {
            cursor.skipSpaces()
            guard cursor.peek == UInt8(ascii: "&"), cursor.peekSecond == UInt8(ascii: "&") else { return left }
            cursor.position += 2
            left = .and(left, try parseComparison(&cursor, name: name, repeatName: true))
        }
    }

    private static func parseComparison(_ cursor: inout PatternCursor, name: [UInt8], repeatName: Bool) throws(FilterPatternError) -> FieldCondition {
        if repeatName {
            cursor.skipSpaces()
            let start = cursor.position
            let again = try parseName(&cursor)
            guard again == name else {
                let expected = String(decoding: name, as: UTF8.self)
                throw cursor.error("expected '\(expected)': a condition joined with && or || must name the same field", at: start)
            }
        }
        return .comparison(try ValueComparison.parse(&cursor))
    }

    /// Whether the fields of `message` line up with the entries.
    ///
    /// Collects the field boundaries (one small allocation per message), then matches entries to
    /// fields, trying each possible width for every `...`.
    func matches(_ message: UnsafeRawBufferPointer) -> Bool {
        let fields = Self.fields(of: message)
        func match(_ entry: Int, _ field: Int) -> Bool {
            if entry == entries.count { return field == fields.count }
            switch entries[entry] {
            case .ellipsis:
                for next in field...fields.count where match(entry + 1, next) { return true }
                return false
            case .field(let condition):
                guard field < fields.count else { return false }
                if let condition, !condition.holds(forField: UnsafeRawBufferPointer(rebasing: message[fields[field]])) { return false }
                return match(entry + 1, field + 1)
            }
        }
        return match(0, 0)
    }

    /// The byte ranges of the fields of `message`, without surrounding quotes or brackets.
    static func fields(of message: UnsafeRawBufferPointer) -> [Range<Int>] {
        var fields: [Range<Int>] = []
        var i = 0
        let n = message.count
        while true {
            while i < n, message[i].isPatternSpace { i += 1 }
            guard i < n else { return fields }
            let start = i
            switch message[i] {
            case UInt8(ascii: "\""):
                i += 1
                while i < n, message[i] != UInt8(ascii: "\"") { i += 1 }
                fields.append((start + 1)..<i)
                if i < n { i += 1 }
            case UInt8(ascii: "["):
                var depth = 0
                while i < n {
                    if message[i] == UInt8(ascii: "[") { depth += 1 }
                    if message[i] == UInt8(ascii: "]") { depth -= 1; if depth == 0 { break } }
                    i += 1
                }
                fields.append((start + 1)..<i)
                if i < n { i += 1 }
            default:
                while i < n, !message[i].isPatternSpace { i += 1 }
                fields.append(start..<i)
            }
        }
    }
}
