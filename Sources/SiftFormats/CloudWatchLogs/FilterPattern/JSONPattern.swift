import SiftJSON

/// A JSON pattern `{ CONDITION }`, matched against messages that are a JSON object.
///
/// Conditions are `SELECTOR OP VALUE`, `SELECTOR IS TRUE|FALSE|NULL`, `SELECTOR NOT EXISTS`,
/// joined by `&&` (binds tighter) and `||`, grouped with parentheses. Typing rules:
///
/// - A number on the right (`$.latency > 100`, `$.status = 200`) compares numerically with JSON
///   numbers only; a string `"200"` in the message never equals `200`. `<`, `>`, `<=`, `>=`
///   need a number on the right (a parse error otherwise).
/// - Text on the right (`"x"`, `ERROR`, `5*`, `*`) compares with the whole JSON string
///   (unescaped), `*` matching any run of characters. Text with a `*` also matches JSON numbers
///   by their text as written in the message (`$.status = 5*` matches `503`); `*` alone
///   therefore matches any string or number.
/// - `!=` holds when the selected value exists and `=` would not hold for it (of any type).
/// - `IS TRUE` / `IS FALSE` need a JSON boolean, `IS NULL` a JSON `null` (a missing field is
///   not null); `NOT EXISTS` holds when the selector picks nothing.
/// - A message that is not exactly one valid JSON object (after whitespace) never matches.
/// - When an object repeats a key, the first occurrence is the one compared.
/// - Keywords (`IS`, `TRUE`, `NOT EXISTS`, ...) are case-insensitive.
struct JSONPattern: Sendable {
    /// A condition tree.
    indirect enum Condition: Sendable {
        case comparison(JSONSelector, ValueComparison)
        case isTrue(JSONSelector)
        case isFalse(JSONSelector)
        case isNull(JSONSelector)
        case notExists(JSONSelector)
        case and(Condition, Condition)
        case or(Condition, Condition)
    }

    /// The whole condition between the braces.
    let condition: Condition

    /// Parses `{ … }` at the cursor (at `{`), leaving it after the `}`.
    init(parsing cursor: inout PatternCursor) throws(FilterPatternError) {
        cursor.position += 1
        condition = try Self.parseOr(&cursor, after: "'{'")
        cursor.skipSpaces()
        guard cursor.consume(UInt8(ascii: "}")) else {
            throw cursor.error(cursor.isAtEnd ? "expected '}' to close the JSON pattern" : "expected '&&', '||' or '}'")
        }
    }

    private static func parseOr(_ cursor: inout PatternCursor, after context: String) throws(FilterPatternError) -> Condition {
        try parseChain(&cursor, after: context, joinedBy: "||", operand: parseAnd, join: Condition.or)
    }

    private static func parseAnd(_ cursor: inout PatternCursor, after context: String) throws(FilterPatternError) -> Condition {
        try parseChain(&cursor, after: context, joinedBy: "&&", operand: parsePrimary, join: Condition.and)
    }

    /// `OPERAND (OP OPERAND)*`, grouped to the left, for the two-character operator `op`
    /// (`||` or `&&`).
    private static func parseChain(
        _ cursor: inout PatternCursor, after context: String, joinedBy op: StaticString,
        operand: (inout PatternCursor, String) throws(FilterPatternError) -> Condition,
        join: (Condition, Condition) -> Condition
    ) throws(FilterPatternError) -> Condition {
        let first = op.utf8Start[0], second = op.utf8Start[1]
        var left = try operand(&cursor, context)
        while true {
            cursor.skipSpaces()
            guard cursor.peek == first, cursor.peekSecond == second else { return left }
            cursor.position += 2
            left = join(left, try operand(&cursor, "'\(op)'"))
        }
    }

    private static func parsePrimary(_ cursor: inout PatternCursor, after context: String) throws(FilterPatternError) -> Condition {
        cursor.skipSpaces()
        if cursor.peek == UInt8(ascii: "(") {
            let open = cursor.position
            cursor.position += 1
            let inner = try parseOr(&cursor, after: "'('")
            cursor.skipSpaces()
            guard cursor.consume(UInt8(ascii: ")")) else {
                throw cursor.isAtEnd || cursor.peek == UInt8(ascii: "}")
                    ? cursor.error("expected ')' to close the '(' at column \(cursor.error("", at: open).column)")
                    : cursor.error("expected '&&', '||' or ')'")
            }
            return inner
        }
        let selector = try JSONSelector(parsing: &cursor, after: context)
        cursor.skipSpaces()
        if cursor.consumeKeyword("IS") {
            cursor.skipSpaces()
            if cursor.consumeKeyword("TRUE") { return .isTrue(selector) }
            if cursor.consumeKeyword("FALSE") { return .isFalse(selector) }
            if cursor.consumeKeyword("NULL") { return .isNull(selector) }
            throw cursor.error("expected TRUE, FALSE or NULL after IS")
        }
        if cursor.consumeKeyword("NOT") {
            cursor.skipSpaces()
            if cursor.consumeKeyword("EXISTS") { return .notExists(selector) }
            throw cursor.error("expected EXISTS after NOT")
        }
        switch cursor.peek {
        case UInt8(ascii: "="), UInt8(ascii: "!"), UInt8(ascii: "<"), UInt8(ascii: ">"):
            return .comparison(selector, try ValueComparison.parse(&cursor))
        default:
            throw cursor.error("expected a comparison (=, !=, <, >, <=, >=), IS or NOT EXISTS after the selector")
        }
    }

    /// Whether `message` is a JSON object satisfying the condition.
    ///
    /// The message is validated once, then each comparison scans it along its selector.
    func matches(_ message: UnsafeRawBufferPointer) -> Bool {
        var first = 0
        while first < message.count, message[first].isPatternSpace { first += 1 }
        guard first < message.count, message[first] == UInt8(ascii: "{"),
              (try? JSONScanner.validate(message)) != nil else { return false }
        return Self.evaluate(condition, message)
    }

    private static func evaluate(_ condition: Condition, _ message: UnsafeRawBufferPointer) -> Bool {
        switch condition {
        case .and(let l, let r): return evaluate(l, message) && evaluate(r, message)
        case .or(let l, let r): return evaluate(l, message) || evaluate(r, message)
        case .isTrue(let s): return s.anySelected(in: message) { (try? $0.peekKind()) == .bool && (try? $0.readBool()) == true }
        case .isFalse(let s): return s.anySelected(in: message) { (try? $0.peekKind()) == .bool && (try? $0.readBool()) == false }
        case .isNull(let s): return s.anySelected(in: message) { (try? $0.peekKind()) == .null }
        case .notExists(let s): return !s.anySelected(in: message) { _ in true }
        case .comparison(let s, let c):
            return s.anySelected(in: message) { scanner in
                switch c.op {
                case .equal: return equals(&scanner, c.operand)
                case .notEqual: return !equals(&scanner, c.operand)
                default: return ordered(&scanner, c)
                }
            }
        }
    }

    /// `value = operand` under the typing rules above, for the value at the scanner.
    private static func equals(_ scanner: inout JSONScanner, _ operand: ValueComparison.Operand) -> Bool {
        guard let kind = try? scanner.peekKind() else { return false }
        switch (kind, operand) {
        case (.number, .number(let rhs)):
            return (try? scanner.readDouble()) == rhs
        case (.string, .text(let pattern)):
            guard let bytes = try? scanner.readStringBytes() else { return false }
            return pattern.matches(bytes)
        case (.number, .text(let pattern)) where pattern.hasWildcard:
            guard let text = try? scanner.rawValue() else { return false }
            return pattern.matches(text)
        default:
            return false
        }
    }

    /// `<`, `>`, `<=`, `>=` (the operand is always a number), for the value at the scanner.
    private static func ordered(_ scanner: inout JSONScanner, _ comparison: ValueComparison) -> Bool {
        guard (try? scanner.peekKind()) == .number, let lhs = try? scanner.readDouble(),
              case .number(let rhs) = comparison.operand else { return false }
        return comparison.op.holds(lhs, rhs)
    }
}
