/// One comparison against a pattern value, as in `= 5*`, `!= "x"` or `>= 1.5e3`; shared by JSON
/// and space-delimited patterns.
struct ValueComparison: Sendable {
    /// The comparison operators CloudWatch accepts.
    enum Operator: Sendable {
        case equal, notEqual, less, greater, lessOrEqual, greaterOrEqual

        /// Whether this is `<`, `>`, `<=` or `>=`, which need a number on the right.
        var isOrdering: Bool { self != .equal && self != .notEqual }

        /// Whether `lhs op rhs` holds.
        func holds(_ lhs: Double, _ rhs: Double) -> Bool {
            switch self {
            case .equal: return lhs == rhs
            case .notEqual: return lhs != rhs
            case .less: return lhs < rhs
            case .greater: return lhs > rhs
            case .lessOrEqual: return lhs <= rhs
            case .greaterOrEqual: return lhs >= rhs
            }
        }
    }

    /// The right-hand side: a number (compared numerically) or text (compared whole, `*` wildcards).
    enum Operand: Sendable {
        case number(Double)
        case text(WildcardText)
    }

    /// The operator.
    let op: Operator
    /// The value compared with.
    let operand: Operand

    /// Parses `OPERATOR VALUE` at `cursor` (after spaces).
    ///
    /// Values are a `"quoted string"`, a number (`-1`, `2.5`, `1e3`), or an unquoted word that
    /// runs to a space or one of `, ] } ) & |` (such as `ERROR`, `5*`, `*`).
    static func parse(_ cursor: inout PatternCursor) throws(FilterPatternError) -> ValueComparison {
        cursor.skipSpaces()
        let opStart = cursor.position
        let op: Operator
        switch (cursor.peek, cursor.peekSecond) {
        case (UInt8(ascii: "!"), UInt8(ascii: "=")): op = .notEqual; cursor.position += 2
        case (UInt8(ascii: "<"), UInt8(ascii: "=")): op = .lessOrEqual; cursor.position += 2
        case (UInt8(ascii: ">"), UInt8(ascii: "=")): op = .greaterOrEqual; cursor.position += 2
        case (UInt8(ascii: "="), UInt8(ascii: "=")): op = .equal; cursor.position += 2
        case (UInt8(ascii: "="), _): op = .equal; cursor.position += 1
        case (UInt8(ascii: "<"), _): op = .less; cursor.position += 1
        case (UInt8(ascii: ">"), _): op = .greater; cursor.position += 1
        default: throw cursor.error("expected a comparison operator (=, !=, <, >, <=, >=)")
        }
        let opText = String(decoding: cursor.bytes[opStart..<cursor.position], as: UTF8.self)
        cursor.skipSpaces()
        let valueStart = cursor.position
        guard let first = cursor.peek, !Self.endsValue(first) else {
            throw cursor.error("expected a value after '\(opText)'")
        }
        if first == UInt8(ascii: "\"") {
            let text = try cursor.readQuoted()
            if op.isOrdering { throw cursor.error("expected a number after '\(opText)', not a string", at: valueStart) }
            return ValueComparison(op: op, operand: .text(WildcardText(text)))
        }
        while let b = cursor.peek, !Self.endsValue(b) { cursor.position += 1 }
        let word = Array(cursor.bytes[valueStart..<cursor.position])
        if let number = parseNumber(word) { return ValueComparison(op: op, operand: .number(number)) }
        if op.isOrdering { throw cursor.error("expected a number after '\(opText)'", at: valueStart) }
        return ValueComparison(op: op, operand: .text(WildcardText(word)))
    }

    /// Whether `byte` ends an unquoted value.
    private static func endsValue(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: ")"),
             UInt8(ascii: "&"), UInt8(ascii: "|"):
            return true
        default:
            return byte.isPatternSpace
        }
    }

    /// The value of `bytes` if they are a plain decimal number (`-12`, `3.5`, `1e-3`), else `nil`.
    ///
    /// Stricter than `Double(_:)`: no `inf`, `nan`, hex or leading `+`.
    static func parseNumber<C: Collection<UInt8>>(_ bytes: C) -> Double? {
        var sawDigit = false
        var sawExponent = false
        var previous: UInt8 = 0
        for (i, b) in bytes.enumerated() {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
            case UInt8(ascii: "-"), UInt8(ascii: "+"):
                guard i == 0 ? b == UInt8(ascii: "-") : (previous == UInt8(ascii: "e") || previous == UInt8(ascii: "E")) else { return nil }
            case UInt8(ascii: "."): guard !sawExponent else { return nil }
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                guard sawDigit, !sawExponent else { return nil }
                sawExponent = true
            default: return nil
            }
            previous = b
        }
        guard sawDigit, previous.isDigit || previous == UInt8(ascii: ".") else { return nil }
        return Double(String(decoding: bytes, as: UTF8.self))
    }

    /// Whether a space-delimited field (its text, quotes and brackets removed) satisfies this.
    ///
    /// Numbers compare numerically when the field is a number and never match otherwise; text
    /// compares the whole field, `*` matching any run.
    func holds(forField field: UnsafeRawBufferPointer) -> Bool {
        switch operand {
        case .number(let rhs):
            guard let lhs = Self.parseNumber(field) else { return false }
            return op.holds(lhs, rhs)
        case .text(let pattern):
            return pattern.matches(field) == (op == .equal)
        }
    }
}

/// A boolean combination of field comparisons, as in `status = 4* || status = 5*`.
indirect enum FieldCondition: Sendable {
    case comparison(ValueComparison)
    case and(FieldCondition, FieldCondition)
    case or(FieldCondition, FieldCondition)

    /// Whether the condition holds for a space-delimited field.
    func holds(forField field: UnsafeRawBufferPointer) -> Bool {
        switch self {
        case .comparison(let c): return c.holds(forField: field)
        case .and(let l, let r): return l.holds(forField: field) && r.holds(forField: field)
        case .or(let l, let r): return l.holds(forField: field) || r.holds(forField: field)
        }
    }
}
