extension ByteRegex {
    /// The dialect a pattern is written in. Both dialects share one parser; they differ only
    /// where listed here.
    public enum Syntax: Sendable {
        /// CloudWatch Logs filter patterns (`%regex%` terms). Captures are not reported,
        /// named groups, `(?i)` and `\b`/`\B` are rejected, and `.`, `[^…]`, `\D`, `\W`, `\S`
        /// match one UTF-8 encoded character (a lead byte not excluded, then its continuation
        /// bytes).
        case filterPattern
        /// The query language (`like /re/`, `=~`, `parse /re/`). Adds named groups
        /// `(?<name>…)`/`(?P<name>…)`, `(?i)` and `(?i:…)`, and `\b`/`\B`; `.`, `[^…]`, `\D`,
        /// `\W`, `\S` match one byte.
        case query

        var matchesCharacters: Bool { self == .filterPattern }
        var hasQueryExtensions: Bool { self == .query }
    }

    /// A pattern that could not be compiled: what is wrong and where.
    public struct SyntaxError: Error, Sendable, Equatable {
        /// What is wrong.
        public enum Problem: Sendable, Equatable {
            /// A `(` with no `)`.
            case unclosedGroup
            /// A `)` with no `(`.
            case unbalancedParenthesis
            /// A quantifier after nothing, an anchor or `\b`.
            case nothingToRepeat
            /// A `[` with no `]`.
            case unclosedClass
            /// `[z-a]`.
            case rangeOutOfOrder
            /// `[a-\d]`: a range must end with one character.
            case badRangeEnd
            /// `\1` ... `\9`.
            case backreference
            /// `(?` followed by something other than a supported group (look-around, or any
            /// `(?…` other than `(?:` in the filter-pattern dialect).
            case unsupportedGroup
            /// `(?<` not followed by a name of letters, digits and `_`, then `>`.
            case badGroupName
            /// `{5,2}`.
            case boundsOutOfOrder
            /// A `{m,n}` bound above ``ByteRegex/maxRepeat``.
            case repeatTooLarge(limit: Int)
            /// Repetition expands the program past ``ByteRegex/maxInstructions``.
            case programTooLarge(limit: Int)
            /// Groups nested deeper than ``ByteRegex/maxNesting``.
            case nestingTooDeep(limit: Int)
            /// A `\` at the end of the pattern.
            case danglingEscape
            /// `\` before a letter or digit with no meaning (`\q`); the byte after the `\`.
            case unknownEscape(UInt8)
        }

        /// What is wrong.
        public var problem: Problem
        /// The byte offset in the pattern where the problem was found (the pattern's length when
        /// it ended too early).
        public var offset: Int
        /// The byte offset of the construct at fault: the `(` of an unclosed group, the `[` of an
        /// unclosed class, the `{` of a bad bound, the `\` of a bad escape; `offset` otherwise.
        public var construct: Int
    }
}

/// The parsed form of a pattern.
indirect enum RegexNode: Sendable {
    /// Matches the empty string (an empty branch or group).
    case empty
    /// One byte from the set.
    case byteSet(ByteSet)
    /// One UTF-8 encoded character whose lead byte is not in the set (filter-pattern `.`, `[^…]`).
    case characterExcept(ByteSet)
    /// The parts in order.
    case sequence([RegexNode])
    /// The first branch that leads to a match, in order.
    case alternation([RegexNode])
    /// The node between `min` and `max` times (`nil`: no limit); greedy takes as many as it can
    /// first, lazy as few.
    case repetition(RegexNode, min: Int, max: Int?, lazy: Bool)
    /// A capturing group (1-based index).
    case capture(RegexNode, index: Int)
    /// A zero-width test.
    case assertion(Assertion)
}

/// A zero-width test at a position.
enum Assertion: Sendable {
    /// `^`: the start of the input.
    case start
    /// `$`: the end of the input.
    case end
    /// `\b`: between a word byte and a non-word byte (or an end).
    case wordBoundary
    /// `\B`
    case notWordBoundary
}

/// Parses a pattern into a ``RegexNode``: literals, `.`, classes `[a-z]` `[^…]` (with `\d \w \s
/// \D \W \S` inside), escaped punctuation (`\.`, `\%`, `\/`), `\t \n \r`, groups `(…)` and
/// `(?:…)`, alternation `|`, greedy and lazy quantifiers `* + ? {m} {m,} {m,n}` (a `{` that starts
/// no complete bound is a literal), anchors `^` and `$` (the start and end of the input, not of a
/// line), plus the query dialect's extensions (``ByteRegex/Syntax``). Rejected: back-references,
/// look-around, unknown letter escapes.
///
/// Recursion follows group nesting only (capped at ``ByteRegex/maxNesting``).
struct RegexParser {
    private let text: [UInt8]
    private let syntax: ByteRegex.Syntax
    private var position = 0
    private var depth = 0
    /// Whether literals and classes parsed now match both cases (`(?i)`, scoped to its group).
    private var caseInsensitive: Bool
    /// The number of capturing groups so far.
    private(set) var captureCount = 0
    /// Named groups in order: name and capture index.
    private(set) var names: [(name: String, index: Int)] = []

    init(_ text: [UInt8], syntax: ByteRegex.Syntax, caseInsensitive: Bool) {
        self.text = text
        self.syntax = syntax
        self.caseInsensitive = caseInsensitive
    }

    /// The whole pattern.
    mutating func parse() throws(ByteRegex.SyntaxError) -> RegexNode {
        let node = try parseAlternation()
        if position < text.count { throw error(.unbalancedParenthesis) }  // only a `)` stops a sequence early
        return node
    }

    private var peek: UInt8? { position < text.count ? text[position] : nil }

    private func peek(_ ahead: Int) -> UInt8? { position + ahead < text.count ? text[position + ahead] : nil }

    private func error(_ problem: ByteRegex.SyntaxError.Problem, at construct: Int? = nil) -> ByteRegex.SyntaxError {
        ByteRegex.SyntaxError(problem: problem, offset: position, construct: construct ?? position)
    }

    private mutating func parseAlternation() throws(ByteRegex.SyntaxError) -> RegexNode {
        var branches = [try parseSequence()]
        while peek == UInt8(ascii: "|") {
            position += 1
            branches.append(try parseSequence())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func parseSequence() throws(ByteRegex.SyntaxError) -> RegexNode {
        var parts: [RegexNode] = []
        while let b = peek, b != UInt8(ascii: "|"), b != UInt8(ascii: ")") {
            guard var atom = try parseAtom() else { continue }  // a flag group such as `(?i)`
            var stacked = 0  // `a**` nests like a group
            while let (min, max, end) = try parseQuantifier() {
                if case .assertion = atom { throw error(.nothingToRepeat) }
                stacked += 1
                guard depth + stacked <= ByteRegex.maxNesting else { throw error(.nestingTooDeep(limit: ByteRegex.maxNesting)) }
                position = end
                var lazy = false
                if peek == UInt8(ascii: "?") { lazy = true; position += 1 }
                atom = .repetition(atom, min: min, max: max, lazy: lazy)
            }
            parts.append(atom)
        }
        switch parts.count {
        case 0: return .empty
        case 1: return parts[0]
        default: return .sequence(parts)
        }
    }

    /// The bounds of the quantifier at the cursor and where it ends, if one starts there (the
    /// cursor stays put). A `{` that starts no complete bound is no quantifier.
    private func parseQuantifier() throws(ByteRegex.SyntaxError) -> (min: Int, max: Int?, end: Int)? {
        switch peek {
        case UInt8(ascii: "*"): return (0, nil, position + 1)
        case UInt8(ascii: "+"): return (1, nil, position + 1)
        case UInt8(ascii: "?"): return (0, 1, position + 1)
        case UInt8(ascii: "{"): break
        default: return nil
        }
        let start = position
        var i = position + 1
        func number() -> Int? {
            var value: Int?
            while i < text.count, text[i] >= 0x30, text[i] <= 0x39 {
                value = Swift.min((value ?? 0) * 10 + Int(text[i] - 0x30), ByteRegex.maxRepeat + 1)
                i += 1
            }
            return value
        }
        guard let low = number() else { return nil }
        var high: Int? = low
        if i < text.count, text[i] == UInt8(ascii: ",") {
            i += 1
            high = number()
        }
        guard i < text.count, text[i] == UInt8(ascii: "}") else { return nil }
        if low > ByteRegex.maxRepeat || (high ?? 0) > ByteRegex.maxRepeat {
            throw error(.repeatTooLarge(limit: ByteRegex.maxRepeat), at: start)
        }
        if let high, high < low { throw error(.boundsOutOfOrder, at: start) }
        return (low, high, i + 1)
    }

    /// One atom; `nil` for a flag group (`(?i)`), which matches nothing and sets a flag.
    private mutating func parseAtom() throws(ByteRegex.SyntaxError) -> RegexNode? {
        let start = position
        let b = text[start]
        switch b {
        case UInt8(ascii: "("):
            return try parseGroup()
        case UInt8(ascii: "["):
            position += 1
            return try parseClass(start: start)
        case UInt8(ascii: "."):
            position += 1
            return exceptNode(ByteSet(0x0A))
        case UInt8(ascii: "^"):
            position += 1
            return .assertion(.start)
        case UInt8(ascii: "$"):
            position += 1
            return .assertion(.end)
        case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"):
            throw error(.nothingToRepeat)
        case UInt8(ascii: "\\"):
            position += 1
            switch try parseEscape(start: start, inClass: false) {
            case .byte(let byte): return literal(byte)
            case .set(let set): return .byteSet(set)
            case .negated(let set): return exceptNode(set)
            case .assertion(let assertion): return .assertion(assertion)
            }
        default:
            position += 1
            return literal(b)
        }
    }

    /// `(…)`, `(?:…)`, and in the query dialect `(?<name>…)`, `(?P<name>…)`, `(?i)`, `(?i:…)`.
    private mutating func parseGroup() throws(ByteRegex.SyntaxError) -> RegexNode? {
        let start = position
        position += 1
        var capture: Int?
        let outerFlag = caseInsensitive
        if peek == UInt8(ascii: "?") {
            position += 1
            let extensions = syntax.hasQueryExtensions
            if peek == UInt8(ascii: ":") {
                position += 1
            } else if extensions, peek == UInt8(ascii: "i"), peek(1) == UInt8(ascii: ")") {
                position += 2
                caseInsensitive = true  // the rest of the enclosing group
                return nil
            } else if extensions, peek == UInt8(ascii: "i"), peek(1) == UInt8(ascii: ":") {
                position += 2
                caseInsensitive = true
            } else if extensions, peek == UInt8(ascii: "<") && peek(1) != UInt8(ascii: "=") && peek(1) != UInt8(ascii: "!")
                        || peek == UInt8(ascii: "P") && peek(1) == UInt8(ascii: "<") {
                position += peek == UInt8(ascii: "P") ? 2 : 1
                let nameStart = position
                while let c = peek, c.isWordByte { position += 1 }
                guard position > nameStart, !text[nameStart].isDigit, peek == UInt8(ascii: ">") else {
                    throw error(.badGroupName, at: start)
                }
                captureCount += 1
                capture = captureCount
                names.append((String(decoding: text[nameStart..<position], as: UTF8.self), captureCount))
                position += 1
            } else {
                throw error(.unsupportedGroup, at: start)
            }
        } else {
            captureCount += 1
            capture = captureCount
        }
        depth += 1
        guard depth <= ByteRegex.maxNesting else { throw error(.nestingTooDeep(limit: ByteRegex.maxNesting), at: start) }
        let inner = try parseAlternation()
        depth -= 1
        caseInsensitive = outerFlag
        guard peek == UInt8(ascii: ")") else { throw error(.unclosedGroup, at: start) }
        position += 1
        if let capture { return .capture(inner, index: capture) }
        return inner
    }

    /// `byte` as written, or either case of it under `(?i)`.
    private func literal(_ byte: UInt8) -> RegexNode {
        caseInsensitive ? .byteSet(ByteSet(byte).caseFolded) : .byteSet(ByteSet(byte))
    }

    /// Anything but the bytes in `excluded`: a byte, or a UTF-8 character in the filter dialect.
    private func exceptNode(_ excluded: ByteSet) -> RegexNode {
        syntax.matchesCharacters ? .characterExcept(excluded) : .byteSet(excluded.inverted)
    }

    private enum Escape {
        case byte(UInt8)
        case set(ByteSet)
        case negated(ByteSet)
        case assertion(Assertion)
    }

    /// The escape after the `\` at `start`.
    private mutating func parseEscape(start: Int, inClass: Bool) throws(ByteRegex.SyntaxError) -> Escape {
        guard let e = peek else { throw error(.danglingEscape, at: start) }
        switch e {
        case UInt8(ascii: "d"): position += 1; return .set(.digits)
        case UInt8(ascii: "w"): position += 1; return .set(.word)
        case UInt8(ascii: "s"): position += 1; return .set(.space)
        case UInt8(ascii: "D"): position += 1; return .negated(.digits)
        case UInt8(ascii: "W"): position += 1; return .negated(.word)
        case UInt8(ascii: "S"): position += 1; return .negated(.space)
        case UInt8(ascii: "t"): position += 1; return .byte(0x09)
        case UInt8(ascii: "n"): position += 1; return .byte(0x0A)
        case UInt8(ascii: "r"): position += 1; return .byte(0x0D)
        case UInt8(ascii: "b") where syntax.hasQueryExtensions && !inClass: position += 1; return .assertion(.wordBoundary)
        case UInt8(ascii: "B") where syntax.hasQueryExtensions && !inClass: position += 1; return .assertion(.notWordBoundary)
        case UInt8(ascii: "1")...UInt8(ascii: "9"): throw error(.backreference, at: start)
        default:
            guard !e.isWordByte else { throw error(.unknownEscape(e), at: start) }
            position += 1
            return .byte(e)
        }
    }

    /// `[…]` after the `[` at `start`.
    private mutating func parseClass(start: Int) throws(ByteRegex.SyntaxError) -> RegexNode {
        var set = ByteSet()
        var negated = false
        if peek == UInt8(ascii: "^") { negated = true; position += 1 }
        var first = true
        while true {
            guard let b = peek else { throw error(.unclosedClass, at: start) }
            if b == UInt8(ascii: "]") && !first { position += 1; break }
            first = false
            let itemStart = position
            position += 1
            var low = b
            if b == UInt8(ascii: "\\") {
                switch try parseEscape(start: itemStart, inClass: true) {
                case .byte(let byte): low = byte
                case .set(let s): set.formUnion(s); continue
                case .negated(let s): set.formUnion(s.inverted); continue
                case .assertion: preconditionFailure("no assertion escapes inside a class")
                }
            }
            guard peek == UInt8(ascii: "-"), let next = peek(1), next != UInt8(ascii: "]") else {
                set.insert(low)
                continue
            }
            position += 1
            let highStart = position
            var high = next
            position += 1
            if next == UInt8(ascii: "\\") {
                guard case .byte(let byte) = try parseEscape(start: highStart, inClass: true) else {
                    throw error(.badRangeEnd, at: highStart)
                }
                high = byte
            }
            guard low <= high else {
                position = itemStart
                throw error(.rangeOutOfOrder)
            }
            set.insert(low...high)
        }
        if caseInsensitive { set = set.caseFolded }
        return negated ? exceptNode(set) : .byteSet(set)
    }
}

extension UInt8 {
    /// An ASCII letter, digit or `_`.
    var isWordByte: Bool { ByteSet.word.contains(self) }

    /// An ASCII digit.
    var isDigit: Bool { self >= 0x30 && self <= 0x39 }
}
