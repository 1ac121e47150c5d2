/// Parses regex text into ``QueryRegex/Node``s.
struct RegexSyntaxParser {
    let text: [UInt8]
    var position = 0
    var groupCount = 0
    var names: [(name: String, index: Int)] = []
    var caseInsensitive = false

    init(_ text: [UInt8]) { self.text = text }

    mutating func consume(_ literal: String) -> Bool {
        let bytes = Array(literal.utf8)
        guard position + bytes.count <= text.count, Array(text[position..<(position + bytes.count)]) == bytes else { return false }
        position += bytes.count
        return true
    }

    mutating func parseAll() throws(QueryRegex.SyntaxError) -> QueryRegex.Node {
        let node = try alternation()
        guard position == text.count else { throw error("the end of the regex (unbalanced ')')") }
        return node
    }

    private func error(_ expected: String) -> QueryRegex.SyntaxError {
        let found = position < text.count ? "'\(String(decoding: [text[position]], as: UTF8.self))'" : "end of regex"
        return QueryRegex.SyntaxError(offset: position, expected: expected, found: found)
    }

    private mutating func alternation() throws(QueryRegex.SyntaxError) -> QueryRegex.Node {
        var options = [try sequence()]
        while position < text.count && text[position] == UInt8(ascii: "|") {
            position += 1
            options.append(try sequence())
        }
        return options.count == 1 ? options[0] : .alternation(options)
    }

    private mutating func sequence() throws(QueryRegex.SyntaxError) -> QueryRegex.Node {
        var nodes: [QueryRegex.Node] = []
        while position < text.count && text[position] != UInt8(ascii: "|") && text[position] != UInt8(ascii: ")") {
            var atom = try self.atom()
            atom = try quantified(atom)
            nodes.append(atom)
        }
        return nodes.count == 1 ? nodes[0] : .sequence(nodes)
    }

    private mutating func quantified(_ atom: QueryRegex.Node) throws(QueryRegex.SyntaxError) -> QueryRegex.Node {
        guard position < text.count else { return atom }
        var min = 0
        var max: Int?
        switch text[position] {
        case UInt8(ascii: "*"): position += 1
        case UInt8(ascii: "+"): min = 1; position += 1
        case UInt8(ascii: "?"): max = 1; position += 1
        case UInt8(ascii: "{"):
            let save = position
            position += 1
            guard let m = number() else { position = save; return atom }
            min = m
            max = m
            if position < text.count && text[position] == UInt8(ascii: ",") {
                position += 1
                max = number()
            }
            guard position < text.count && text[position] == UInt8(ascii: "}") else { throw error("'}' to close the repetition") }
            position += 1
        default:
            return atom
        }
        var lazy = false
        if position < text.count && text[position] == UInt8(ascii: "?") {
            lazy = true
            position += 1
        }
        return .repetition(atom, min: min, max: max, lazy: lazy)
    }

    private mutating func number() -> Int? {
        var value: Int?
        while position < text.count, text[position] >= 48, text[position] <= 57 {
            value = (value ?? 0) * 10 + Int(text[position] - 48)
            position += 1
        }
        return value
    }

    private mutating func atom() throws(QueryRegex.SyntaxError) -> QueryRegex.Node {
        let c = text[position]
        switch c {
        case UInt8(ascii: "("):
            position += 1
            var capture: Int?
            if consume("?:") {
                capture = nil
            } else if consume("?<") || consume("?P<") {
                let start = position
                while position < text.count && text[position] != UInt8(ascii: ">") { position += 1 }
                guard position < text.count, position > start else { throw error("a group name and '>'") }
                groupCount += 1
                capture = groupCount
                names.append((String(decoding: text[start..<position], as: UTF8.self), groupCount))
                position += 1
            } else if position < text.count && text[position] == UInt8(ascii: "?") {
                throw error("'?:' or '?<name>' (look-around is not supported)")
            } else {
                groupCount += 1
                capture = groupCount
            }
            let inner = try alternation()
            guard position < text.count && text[position] == UInt8(ascii: ")") else { throw error("')' to close the group") }
            position += 1
            return .group(inner, capture: capture)
        case UInt8(ascii: "["):
            return try characterClass()
        case UInt8(ascii: "."):
            position += 1
            return .set(.notNewline)
        case UInt8(ascii: "^"):
            position += 1
            return .lineStart
        case UInt8(ascii: "$"):
            position += 1
            return .lineEnd
        case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"):
            throw error("something to repeat before the quantifier")
        case UInt8(ascii: "\\"):
            position += 1
            guard position < text.count else { throw error("a character after '\\'") }
            let e = text[position]
            position += 1
            switch e {
            case UInt8(ascii: "b"): return .wordBoundary(true)
            case UInt8(ascii: "B"): return .wordBoundary(false)
            default:
                if let set = RegexSyntaxParser.escapeClass(e) { return .set(set) }
                return literal(RegexSyntaxParser.escapeByte(e))
            }
        default:
            position += 1
            return literal(c)
        }
    }

    private func literal(_ b: UInt8) -> QueryRegex.Node {
        guard caseInsensitive, RegexMatcher.lower(b) != b || (b >= 97 && b <= 122) else { return .byte(b) }
        var set = ByteClass()
        set.insert(RegexMatcher.lower(b))
        set.insert(RegexMatcher.lower(b) & ~0x20)
        return .set(set)
    }

    static func escapeClass(_ e: UInt8) -> ByteClass? {
        switch e {
        case UInt8(ascii: "d"): return .digits
        case UInt8(ascii: "D"): return ByteClass.digits.inverted
        case UInt8(ascii: "w"): return .word
        case UInt8(ascii: "W"): return ByteClass.word.inverted
        case UInt8(ascii: "s"): return .space
        case UInt8(ascii: "S"): return ByteClass.space.inverted
        default: return nil
        }
    }

    static func escapeByte(_ e: UInt8) -> UInt8 {
        switch e {
        case UInt8(ascii: "n"): return 10
        case UInt8(ascii: "t"): return 9
        case UInt8(ascii: "r"): return 13
        default: return e
        }
    }

    private mutating func characterClass() throws(QueryRegex.SyntaxError) -> QueryRegex.Node {
        position += 1
        var negated = false
        if position < text.count && text[position] == UInt8(ascii: "^") {
            negated = true
            position += 1
        }
        var set = ByteClass()
        var first = true
        while position < text.count && (text[position] != UInt8(ascii: "]") || first) {
            first = false
            var low = text[position]
            position += 1
            if low == UInt8(ascii: "\\"), position < text.count {
                let e = text[position]
                position += 1
                if let cls = RegexSyntaxParser.escapeClass(e) { set.formUnion(cls); continue }
                low = RegexSyntaxParser.escapeByte(e)
            }
            var high = low
            if position + 1 < text.count && text[position] == UInt8(ascii: "-") && text[position + 1] != UInt8(ascii: "]") {
                high = text[position + 1]
                position += 2
                if high == UInt8(ascii: "\\"), position < text.count {
                    high = RegexSyntaxParser.escapeByte(text[position])
                    position += 1
                }
                guard low <= high else { throw error("a range with its low end first") }
            }
            set.insert(low...high)
            if caseInsensitive {
                for b in low...high where (b | 0x20) >= 97 && (b | 0x20) <= 122 { set.insert(b ^ 0x20) }
            }
        }
        guard position < text.count else { throw error("']' to close the character class") }
        position += 1
        return .set(negated ? set.inverted : set)
    }
}
