import SiftRegex
import SiftTestSupport
import Testing

/// The leftmost-first match of `pattern` (query dialect) in `text`, as byte ranges.
func match(_ pattern: String, _ text: String, caseInsensitive: Bool = false) throws -> [Range<Int>?]? {
    let regex = try ByteRegex(pattern, syntax: .query, caseInsensitive: caseInsensitive)
    return Array(text.utf8).withUnsafeBytes { regex.firstMatch(in: $0) }
}

@Suite struct CaptureTests {
    /// Random query-dialect patterns with capturing, named and non-capturing groups, greedy and
    /// lazy quantifiers, classes, anchors and `\b`.
    struct Generator {
        var rng: SplitMix
        var names = 0

        mutating func pick<T>(_ options: [T]) -> T { options.randomElement(using: &rng)! }

        mutating func atom() -> String {
            pick(["a", "b", "c", ".", "[ab]", "[^a]", "\\d", "\\w", "1", " ", "\\s", "[a-c1]"])
        }

        mutating func quantifier() -> String {
            pick(["*", "+", "?", "{2}", "{1,3}", "{0,}", "{2,}", "*?", "+?", "??", "{1,3}?", "{0,2}?"])
        }

        /// An expression that cannot match the empty string, so repeating it never repeats an
        /// empty iteration (engines disagree about captures there; see `emptyIterations`).
        mutating func solid(_ depth: Int) -> String {
            if depth == 0 { return atom() }
            switch Int.random(in: 0..<9, using: &rng) {
            case 0: return solid(depth - 1) + solid(depth - 1)
            case 1: return "(" + solid(depth - 1) + ")"
            case 2:
                names += 1
                return "(?<g\(names)>" + solid(depth - 1) + ")"
            case 3: return "(?:" + solid(depth - 1) + "|" + solid(depth - 1) + ")"
            case 4: return "(" + solid(depth - 1) + "|" + solid(depth - 1) + ")"
            case 5: return "(" + solid(depth - 1) + ")" + pick(["+", "{1,3}", "{2}", "+?", "{2,}?"])
            case 6: return "(?:" + solid(depth - 1) + ")" + quantifier() + solid(depth - 1)
            case 7: return "(" + solid(depth - 1) + ")" + quantifier() + solid(depth - 1)
            default: return atom() + quantifier() + solid(depth - 1)
            }
        }

        mutating func pattern() -> String {
            var p = solid(Int.random(in: 1...4, using: &rng))
            switch Int.random(in: 0..<8, using: &rng) {
            case 0: p = "^" + p
            case 1: p += "$"
            case 2: p = "\\b" + p
            case 3: p += "\\b"
            default: break
            }
            return p
        }

        mutating func input(_ alphabet: String) -> String {
            String((0..<Int.random(in: 0...10, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
        }
    }

    /// Swift's Regex with sift's ASCII classes and simple word boundaries.
    static func reference(_ pattern: String) throws -> Regex<AnyRegexOutput> {
        try Regex(pattern).asciiOnlyWordCharacters().asciiOnlyDigits().asciiOnlyWhitespace().wordBoundaryKind(.simple)
    }

    /// Swift Regex's first match in `text` as byte ranges.
    static func expected(_ regex: Regex<AnyRegexOutput>, _ text: String) throws -> [Range<Int>?]? {
        guard let found = try regex.firstMatch(in: text) else { return nil }
        func offset(_ i: String.Index) -> Int { text.utf8.distance(from: text.startIndex, to: i) }
        return (0..<found.output.count).map { found.output[$0].range.map { offset($0.lowerBound)..<offset($0.upperBound) } }
    }

    @Test("captures and named groups agree with Swift Regex on generated patterns and inputs")
    func differential() throws {
        var generator = Generator(rng: SplitMix(state: 7))
        var disagreements: [String] = []
        var compared = 0, groupsSet = 0
        for _ in 0..<1500 {
            let pattern = generator.pattern()
            let reference = try Self.reference(pattern)
            let regex = try ByteRegex(pattern, syntax: .query)
            for _ in 0..<12 {
                let text = generator.input("abc1 _")
                let ours = Array(text.utf8).withUnsafeBytes { regex.firstMatch(in: $0) }
                let theirs = try Self.expected(reference, text)
                compared += 1
                groupsSet += (theirs ?? []).dropFirst().filter { $0 != nil }.count
                if ours != theirs { disagreements.append("/\(pattern)/ on \"\(text)\": \(String(describing: ours)) vs \(String(describing: theirs))") }
            }
        }
        #expect(compared == 18_000)
        #expect(groupsSet > 5_000, "\(groupsSet) group captures compared")
        #expect(disagreements.isEmpty, "\(disagreements.count): \(disagreements.prefix(10))")
    }

    @Test("named groups are numbered with the others and listed by name")
    func namedGroups() throws {
        let regex = try ByteRegex("(?<key>\\w+)=(\\d+)(?P<unit>ms|s)?", syntax: .query)
        #expect(regex.captureCount == 3)
        #expect(regex.namedGroups.map(\.name) == ["key", "unit"])
        #expect(regex.namedGroups.map(\.index) == [1, 3])
        #expect(try match("(?<key>\\w+)=(\\d+)(?P<unit>ms|s)?", "took=15ms") == [0..<9, 0..<4, 5..<7, 7..<9])
        #expect(try match("(?<key>\\w+)=(\\d+)(?P<unit>ms|s)?", "n=3") == [0..<3, 0..<1, 2..<3, nil])
        #expect(try match("(?:a)(b)", "ab") == [0..<2, 1..<2])
    }

    static let greedyAndLazy: [(pattern: String, text: String, expected: [Range<Int>?])] = [
        ("(a*)(a*)", "aaa", [0..<3, 0..<3, 3..<3]),
        ("(a*?)(a*)", "aaa", [0..<3, 0..<0, 0..<3]),
        ("(a+?)(a*)", "aaa", [0..<3, 0..<1, 1..<3]),
        ("(a{1,3}?)(a*)", "aaa", [0..<3, 0..<1, 1..<3]),
        ("(a??)a", "aa", [0..<1, 0..<0]),
        ("(a??)(a)", "a", [0..<1, 0..<0, 0..<1]),
        ("<(.+)>", "<a><b>", [0..<6, 1..<5]),
        ("<(.+?)>", "<a><b>", [0..<3, 1..<2]),
        ("(\\w+)=(.*?);", "k=1;j=2;", [0..<4, 0..<1, 2..<3]),
        ("(\\w+)=(.*);", "k=1;j=2;", [0..<8, 0..<1, 2..<7]),
        ("(a|ab)(c|bcd)(d*)", "abcd", [0..<4, 0..<1, 1..<4, 4..<4]),
        ("(a|b)*", "abab", [0..<4, 3..<4]),
        ("(?:(a)|b)+", "ab", [0..<2, 0..<1]),
        ("x(a|b)+?y", "xababy", [0..<6, 4..<5]),
    ]

    @Test("greedy quantifiers capture the longest run, lazy ones the shortest", arguments: greedyAndLazy)
    func greedyLazy(_ pattern: String, _ text: String, _ expected: [Range<Int>?]) throws {
        #expect(try match(pattern, text) == expected)
        #expect(try Self.expected(try Self.reference(pattern), text) == expected)
    }

    @Test("an iteration that matches nothing ends the repetition (the group keeps its earlier value)")
    func emptyIterations() throws {
        // Swift's Regex runs one empty iteration here and reports group 1 as "" at the end;
        // sift, like the backtracking engine it replaced, stops before the empty iteration.
        #expect(try match("(a*)*", "b") == [0..<0, nil])
        #expect(try match("(a*)+", "b") == [0..<0, 0..<0])
        #expect(try match("(a|)+b", "aab") == [0..<3, 1..<2])
        #expect(try match("(a*)*b", "aab") == [0..<3, 0..<2])
    }
}
