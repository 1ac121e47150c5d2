/// The parsed form of a `%regex%` term: the subset of regular expressions CloudWatch Logs
/// accepts in filter patterns.
///
/// Supported: literals, `.`, `[a-z]`/`[^…]` classes, `\d \w \s \D \W \S` (also inside classes),
/// escaped punctuation (`\.`, `\%`, `\/`, ...), `\t \n \r`, groups `(…)` and `(?:…)`,
/// alternation `|`, quantifiers `* + ? {m} {m,} {m,n}` (a trailing `?` for laziness is accepted
/// and makes no difference to whether a message matches), anchors `^` (start of the message) and
/// `$` (end of the message). Not supported (rejected with an error): backreferences, lookaround,
/// named groups.
indirect enum RegexNode: Sendable {
    /// Matches nothing, successfully (an empty branch).
    case empty
    /// One byte from the set (256 bits).
    case byteSet(ByteSet)
    /// One UTF-8 encoded character other than those in the ASCII set given (`.`, `[^…]`, `\D`, ...).
    case anyCharacterExcept(ByteSet)
    /// The parts in order.
    case sequence([RegexNode])
    /// Any one of the branches.
    case alternation([RegexNode])
    /// The node between `min` and `max` times (`nil`: no limit).
    case repetition(RegexNode, min: Int, max: Int?)
    /// `^`
    case start
    /// `$`
    case end
}

/// A set of byte values.
struct ByteSet: Sendable, Equatable {
    /// Bit `b` of word `b / 64` is set when byte `b` is in the set.
    var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    /// Whether `byte` is in the set.
    func contains(_ byte: UInt8) -> Bool {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: return words.0 & bit != 0
        case 1: return words.1 & bit != 0
        case 2: return words.2 & bit != 0
        default: return words.3 & bit != 0
        }
    }

    /// Adds `byte`.
    mutating func insert(_ byte: UInt8) {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: words.0 |= bit
        case 1: words.1 |= bit
        case 2: words.2 |= bit
        default: words.3 |= bit
        }
    }

    /// Adds every byte in `range`.
    mutating func insert(_ range: ClosedRange<UInt8>) { for b in range { insert(b) } }

    /// Adds every byte of `other`.
    mutating func formUnion(_ other: ByteSet) {
        words.0 |= other.words.0; words.1 |= other.words.1; words.2 |= other.words.2; words.3 |= other.words.3
    }

    /// The one byte in the set, if it holds exactly one.
    var onlyMember: UInt8? {
        let w = [words.0, words.1, words.2, words.3]
        guard w.reduce(0, { $0 + $1.nonzeroBitCount }) == 1, let i = w.firstIndex(where: { $0 != 0 }) else { return nil }
        return UInt8(i * 64 + w[i].trailingZeroBitCount)
    }

    /// The bytes not in this set.
    var inverted: ByteSet {
        var s = ByteSet()
        s.words = (~words.0, ~words.1, ~words.2, ~words.3)
        return s
    }

    static func == (a: ByteSet, b: ByteSet) -> Bool {
        a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
    }

    /// `\d`
    static let digits: ByteSet = { var s = ByteSet(); s.insert(0x30...0x39); return s }()
    /// `\w`: ASCII letters, digits and `_`.
    static let word: ByteSet = {
        var s = digits; s.insert(0x41...0x5A); s.insert(0x61...0x7A); s.insert(0x5F); return s
    }()
    /// `\s`: space, tab, newline, carriage return, vertical tab, form feed.
    static let space: ByteSet = { var s = ByteSet(); for b: UInt8 in [0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C] { s.insert(b) }; return s }()
}

/// Parses the text between the `%` delimiters into a ``RegexNode``.
struct RegexParser {
    /// Largest `{m,n}` bound accepted (the program is expanded, so bounds cost space).
    static let maxRepeat = 1000

    private var cursor: PatternCursor
    private let end: Int

    /// Parses `cursor.bytes[cursor.position..<end]`; errors point into the whole pattern.
    init(cursor: PatternCursor, end: Int) {
        self.cursor = cursor
        self.end = end
    }

    /// The parsed expression.
    mutating func parse() throws(FilterPatternError) -> RegexNode {
        let node = try parseAlternation()
        if cursor.position < end { throw cursor.error("unexpected ')' in regular expression") }
        return node
    }

    private var peek: UInt8? { cursor.position < end ? cursor.bytes[cursor.position] : nil }

    private mutating func parseAlternation() throws(FilterPatternError) -> RegexNode {
        var branches = [try parseSequence()]
        while peek == UInt8(ascii: "|") {
            cursor.position += 1
            branches.append(try parseSequence())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func parseSequence() throws(FilterPatternError) -> RegexNode {
        var parts: [RegexNode] = []
        while let b = peek, b != UInt8(ascii: "|"), b != UInt8(ascii: ")") {
            var atom = try parseAtom()
            while let q = peek {
                let quantifierStart = cursor.position
                var bounds: (min: Int, max: Int?)?
                switch q {
                case UInt8(ascii: "*"): bounds = (0, nil); cursor.position += 1
                case UInt8(ascii: "+"): bounds = (1, nil); cursor.position += 1
                case UInt8(ascii: "?"): bounds = (0, 1); cursor.position += 1
                case UInt8(ascii: "{"): bounds = try parseBounds()
                default: bounds = nil
                }
                guard let (min, max) = bounds else { break }
                if case .start = atom { throw cursor.error("nothing to repeat before this quantifier", at: quantifierStart) }
                if case .end = atom { throw cursor.error("nothing to repeat before this quantifier", at: quantifierStart) }
                if peek == UInt8(ascii: "?") { cursor.position += 1 }  // lazy: same match/no-match
                atom = .repetition(atom, min: min, max: max)
            }
            parts.append(atom)
        }
        switch parts.count {
        case 0: return .empty
        case 1: return parts[0]
        default: return .sequence(parts)
        }
    }

    /// `{m}`, `{m,}` or `{m,n}` at the cursor; `nil` (cursor unmoved) when `{` starts no bound,
    /// in which case it is a literal `{`.
    private mutating func parseBounds() throws(FilterPatternError) -> (Int, Int?)? {
        let start = cursor.position
        cursor.position += 1
        func number(_ p: inout RegexParser) -> Int? {
            var value: Int?
            while let b = p.peek, b.isDigit {
                value = min((value ?? 0) * 10 + Int(b - 0x30), RegexParser.maxRepeat + 1)
                p.cursor.position += 1
            }
            return value
        }
        guard let low = number(&self) else { cursor.position = start; return nil }
        var high: Int? = low
        if peek == UInt8(ascii: ",") {
            cursor.position += 1
            high = number(&self)
        }
        guard peek == UInt8(ascii: "}") else { cursor.position = start; return nil }
        cursor.position += 1
        if low > Self.maxRepeat || (high ?? 0) > Self.maxRepeat {
            throw cursor.error("repeat count larger than \(Self.maxRepeat)", at: start)
        }
        if let high, high < low { throw cursor.error("repeat bounds out of order (min > max)", at: start) }
        return (low, high)
    }

    private mutating func parseAtom() throws(FilterPatternError) -> RegexNode {
        let start = cursor.position
        let b = cursor.bytes[start]
        cursor.position += 1
        switch b {
        case UInt8(ascii: "("):
            if peek == UInt8(ascii: "?") {
                if cursor.position + 1 < end, cursor.bytes[cursor.position + 1] == UInt8(ascii: ":") {
                    cursor.position += 2
                } else {
                    throw cursor.error("lookaround and named groups are not supported; expected '(?:' or '('", at: start)
                }
            }
            let inner = try parseAlternation()
            guard peek == UInt8(ascii: ")") else { throw cursor.error("expected ')' to close the group opened here", at: start) }
            cursor.position += 1
            return inner
        case UInt8(ascii: "["): return try parseClass(start: start)
        case UInt8(ascii: "."): return .anyCharacterExcept(Self.single(0x0A))
        case UInt8(ascii: "^"): return .start
        case UInt8(ascii: "$"): return .end
        case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"):
            throw cursor.error("nothing to repeat before this quantifier", at: start)
        case UInt8(ascii: "\\"):
            let escape = try parseEscape(start: start)
            switch escape {
            case .set(let set): return .byteSet(set)
            case .negated(let set): return .anyCharacterExcept(set)
            }
        default:
            return .byteSet(Self.single(b))
        }
    }

    private enum Escape {
        case set(ByteSet)
        case negated(ByteSet)
    }

    private static func single(_ b: UInt8) -> ByteSet {
        var s = ByteSet()
        s.insert(b)
        return s
    }

    private mutating func parseEscape(start: Int) throws(FilterPatternError) -> Escape {
        guard let e = peek else { throw cursor.error("expected a character after '\\'") }
        cursor.position += 1
        switch e {
        case UInt8(ascii: "d"): return .set(.digits)
        case UInt8(ascii: "w"): return .set(.word)
        case UInt8(ascii: "s"): return .set(.space)
        case UInt8(ascii: "D"): return .negated(.digits)
        case UInt8(ascii: "W"): return .negated(.word)
        case UInt8(ascii: "S"): return .negated(.space)
        case UInt8(ascii: "t"): return .set(Self.single(0x09))
        case UInt8(ascii: "n"): return .set(Self.single(0x0A))
        case UInt8(ascii: "r"): return .set(Self.single(0x0D))
        case UInt8(ascii: "1")...UInt8(ascii: "9"):
            throw cursor.error("backreferences are not supported", at: start)
        default:
            guard !e.isWordByte else { throw cursor.error("unknown escape '\\\(UnicodeScalar(e))'", at: start) }
            return .set(Self.single(e))
        }
    }

    /// `[…]` after the `[`.
    private mutating func parseClass(start: Int) throws(FilterPatternError) -> RegexNode {
        var set = ByteSet()
        var negated = false
        if peek == UInt8(ascii: "^") { negated = true; cursor.position += 1 }
        var first = true
        while true {
            guard let b = peek else { throw cursor.error("expected ']' to close the class opened here", at: start) }
            if b == UInt8(ascii: "]") && !first { cursor.position += 1; break }
            first = false
            let itemStart = cursor.position
            cursor.position += 1
            var low = b
            if b == UInt8(ascii: "\\") {
                switch try parseEscape(start: itemStart) {
                case .negated(let s): set.formUnion(s.inverted); continue
                case .set(let s):
                    if s == .digits || s == .word || s == .space { set.formUnion(s); continue }
                    low = (0...255).first { s.contains(UInt8($0)) }.map { UInt8($0) } ?? 0
                }
            }
            if peek == UInt8(ascii: "-"), cursor.position + 1 < end, cursor.bytes[cursor.position + 1] != UInt8(ascii: "]") {
                cursor.position += 1
                var high = cursor.bytes[cursor.position]
                let highStart = cursor.position
                cursor.position += 1
                if high == UInt8(ascii: "\\") {
                    guard case .set(let s) = try parseEscape(start: highStart), s != .digits, s != .word, s != .space,
                          let h = (0...255).first(where: { s.contains(UInt8($0)) }) else {
                        throw cursor.error("expected a character at the end of the range", at: highStart)
                    }
                    high = UInt8(h)
                }
                guard low <= high else { throw cursor.error("range out of order in character class", at: itemStart) }
                set.insert(low...high)
            } else {
                set.insert(low)
            }
        }
        return negated ? .anyCharacterExcept(set) : .byteSet(set)
    }
}
