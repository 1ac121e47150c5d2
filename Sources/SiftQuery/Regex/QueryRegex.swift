/// A backtracking regular expression over UTF-8 bytes, for `like /re/`, `=~` and `parse /re/`.
///
/// Supports literals and escapes, `.`, classes `[a-z]`/`[^...]`, `\d \w \s \D \W \S \b`, anchors
/// `^ $`, groups `( )`, named groups `(?<name> )`, non-capturing `(?: )`, the `(?i)` prefix,
/// alternation, and greedy or lazy `* + ? {m} {m,} {m,n}`. Classes and `.` work on bytes, so a
/// non-ASCII character is several bytes (documented in the README). No look-around or
/// back-references. Matching is unanchored unless the pattern uses `^`.
public struct QueryRegex: Sendable {
    /// An error in a regex, with the byte offset in the pattern.
    public struct SyntaxError: Error, Sendable, Equatable {
        /// Byte offset in the pattern.
        public var offset: Int
        /// What was expected.
        public var expected: String
        /// What was found.
        public var found: String
    }

    indirect enum Node: Sendable {
        case byte(UInt8)
        case set(ByteClass)
        case lineStart
        case lineEnd
        case wordBoundary(Bool)
        case group(Node, capture: Int?)
        case sequence([Node])
        case alternation([Node])
        case repetition(Node, min: Int, max: Int?, lazy: Bool)
    }

    let root: Node
    /// The number of capturing groups.
    public let groupCount: Int
    /// Named groups in order of appearance: name and capture index (1-based).
    public let namedGroups: [(name: String, index: Int)]
    let caseInsensitive: Bool

    /// Compiles `pattern`.
    public init(_ pattern: String, caseInsensitive: Bool = false) throws(SyntaxError) {
        var parser = RegexSyntaxParser(Array(pattern.utf8))
        var insensitive = caseInsensitive
        if parser.consume("(?i)") { insensitive = true }
        parser.caseInsensitive = insensitive
        root = try parser.parseAll()
        groupCount = parser.groupCount
        namedGroups = parser.names
        self.caseInsensitive = insensitive
    }

    /// Whether the regex matches anywhere in `text`.
    public func matches(_ text: String) -> Bool { firstMatch(Array(text.utf8)) != nil }

    /// The first match in `bytes`: index 0 is the whole match, then each group (`nil` when it did not take part).
    public func firstMatch(_ bytes: [UInt8]) -> [Range<Int>?]? {
        let matcher = RegexMatcher(bytes: bytes, groupCount: groupCount, caseInsensitive: caseInsensitive)
        for start in 0...bytes.count {
            if let end = matcher.match(root, start, { $0 }) {
                var captures = matcher.captures
                captures[0] = start..<end
                return captures
            }
        }
        return nil
    }

    /// Named captures of the first match in `text`, by group name.
    public func namedCaptures(_ text: String) -> [String: String]? {
        let bytes = Array(text.utf8)
        guard let captures = firstMatch(bytes) else { return nil }
        var out: [String: String] = [:]
        for (name, index) in namedGroups {
            if let range = captures[index] { out[name] = String(decoding: bytes[range], as: UTF8.self) }
        }
        return out
    }
}

/// 256-bit byte set.
struct ByteClass: Sendable {
    var bits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    mutating func insert(_ b: UInt8) {
        let bit = UInt64(1) << UInt64(b & 63)
        switch b >> 6 {
        case 0: bits.0 |= bit
        case 1: bits.1 |= bit
        case 2: bits.2 |= bit
        default: bits.3 |= bit
        }
    }

    func contains(_ b: UInt8) -> Bool {
        let bit = UInt64(1) << UInt64(b & 63)
        switch b >> 6 {
        case 0: return bits.0 & bit != 0
        case 1: return bits.1 & bit != 0
        case 2: return bits.2 & bit != 0
        default: return bits.3 & bit != 0
        }
    }

    mutating func insert(_ range: ClosedRange<UInt8>) { for b in range { insert(b) } }
    mutating func formUnion(_ other: ByteClass) {
        bits = (bits.0 | other.bits.0, bits.1 | other.bits.1, bits.2 | other.bits.2, bits.3 | other.bits.3)
    }
    var inverted: ByteClass {
        var c = ByteClass()
        c.bits = (~bits.0, ~bits.1, ~bits.2, ~bits.3)
        return c
    }

    static let digits: ByteClass = { var c = ByteClass(); c.insert(UInt8(ascii: "0")...UInt8(ascii: "9")); return c }()
    static let word: ByteClass = {
        var c = digits
        c.insert(UInt8(ascii: "a")...UInt8(ascii: "z"))
        c.insert(UInt8(ascii: "A")...UInt8(ascii: "Z"))
        c.insert(UInt8(ascii: "_"))
        return c
    }()
    static let space: ByteClass = { var c = ByteClass(); for b in [9, 10, 11, 12, 13, 32] as [UInt8] { c.insert(b) }; return c }()
    static let notNewline: ByteClass = { var c = ByteClass(); c.insert(UInt8(ascii: "\n")); return c.inverted }()
}

/// Backtracking matcher state for one subject.
final class RegexMatcher {
    let bytes: [UInt8]
    var captures: [Range<Int>?]
    let caseInsensitive: Bool
    private var steps = 0

    init(bytes: [UInt8], groupCount: Int, caseInsensitive: Bool) {
        self.bytes = bytes
        self.captures = Array(repeating: nil, count: groupCount + 1)
        self.caseInsensitive = caseInsensitive
    }

    private func isWord(_ i: Int) -> Bool { i >= 0 && i < bytes.count && ByteClass.word.contains(bytes[i]) }

    /// Matches `node` at `pos`, then the continuation; returns the end of the overall match.
    func match(_ node: QueryRegex.Node, _ pos: Int, _ next: (Int) -> Int?) -> Int? {
        steps += 1
        if steps > 5_000_000 { return nil }  // catastrophic backtracking: give up as no match
        switch node {
        case .byte(let b):
            guard pos < bytes.count else { return nil }
            let c = bytes[pos]
            if c == b || (caseInsensitive && RegexMatcher.lower(c) == RegexMatcher.lower(b)) { return next(pos + 1) }
            return nil
        case .set(let set):
            guard pos < bytes.count, set.contains(bytes[pos]) else { return nil }
            return next(pos + 1)
        case .lineStart:
            return pos == 0 ? next(pos) : nil
        case .lineEnd:
            return pos == bytes.count ? next(pos) : nil
        case .wordBoundary(let positive):
            return (isWord(pos - 1) != isWord(pos)) == positive ? next(pos) : nil
        case .group(let inner, let capture):
            guard let capture else { return match(inner, pos, next) }
            let saved = captures[capture]
            let result = match(inner, pos) { end in
                let before = self.captures[capture]
                self.captures[capture] = pos..<end
                if let r = next(end) { return r }
                self.captures[capture] = before
                return nil
            }
            if result == nil { captures[capture] = saved }
            return result
        case .sequence(let nodes):
            return sequence(nodes[...], pos, next)
        case .alternation(let options):
            for option in options { if let r = match(option, pos, next) { return r } }
            return nil
        case .repetition(let inner, let min, let max, let lazy):
            return repetition(inner, min: min, max: max, lazy: lazy, count: 0, pos, next)
        }
    }

    private func sequence(_ nodes: ArraySlice<QueryRegex.Node>, _ pos: Int, _ next: (Int) -> Int?) -> Int? {
        guard let first = nodes.first else { return next(pos) }
        return match(first, pos) { self.sequence(nodes.dropFirst(), $0, next) }
    }

    private func repetition(_ inner: QueryRegex.Node, min: Int, max: Int?, lazy: Bool, count: Int, _ pos: Int, _ next: (Int) -> Int?) -> Int? {
        let canMore = max.map { count < $0 } ?? true
        func more() -> Int? {
            guard canMore else { return nil }
            return match(inner, pos) { end in
                guard end != pos || count < min else { return nil }
                return self.repetition(inner, min: min, max: max, lazy: lazy, count: count + 1, end, next)
            }
        }
        if lazy {
            if count >= min, let r = next(pos) { return r }
            return more()
        }
        if let r = more() { return r }
        return count >= min ? next(pos) : nil
    }

    static func lower(_ c: UInt8) -> UInt8 { c >= 65 && c <= 90 ? c | 0x20 : c }
}
