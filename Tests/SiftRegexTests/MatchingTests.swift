import SiftRegex
import SiftTestSupport
import Testing

/// Whether `pattern` matches somewhere in `text`.
func matches(_ pattern: String, _ text: String, syntax: ByteRegex.Syntax = .query, caseInsensitive: Bool = false) throws -> Bool {
    let regex = try ByteRegex(pattern, syntax: syntax, caseInsensitive: caseInsensitive)
    return Array(text.utf8).withUnsafeBytes { regex.matches($0) }
}

@Suite struct CaseInsensitiveTests {
    static let cases: [(pattern: String, text: String, matches: Bool)] = [
        ("(?i)hello", "HeLLo", true),
        ("hello", "HeLLo", false),
        ("(?i)[a-c]+x", "ABCX", true),
        ("(?i)[^a]", "A", false),
        ("(?i)\\w+", "_", true),
        ("a(?i)b", "aB", true),
        ("a(?i)b", "AB", false),
        ("(?i:a)b", "Ab", true),
        ("(?i:a)b", "AB", false),
        ("(x(?i)a)a", "xAa", true),
        ("(x(?i)a)a", "xAA", false),
        ("(?i)é", "é", true),
    ]

    @Test("(?i) folds ASCII letters, for the rest of its group", arguments: cases)
    func caseInsensitive(_ pattern: String, _ text: String, _ expected: Bool) throws {
        #expect(try matches(pattern, text) == expected)
    }

    @Test("the caseInsensitive flag is (?i) for the whole pattern")
    func flag() throws {
        #expect(try matches("error", "an ERROR", caseInsensitive: true))
        #expect(try match("(?<level>warn|error)", "x ERROR", caseInsensitive: true) == [2..<7, 2..<7])
    }

    @Test("(?i) agrees with Swift Regex on generated patterns")
    func differential() throws {
        var generator = CaptureTests.Generator(rng: SplitMix(state: 11))
        var disagreements: [String] = []
        for _ in 0..<300 {
            let pattern = "(?i)" + generator.pattern()
            let reference = try CaptureTests.reference(pattern)
            for _ in 0..<10 {
                let text = generator.input("aAbBcC1 ")
                let theirs = try CaptureTests.expected(reference, text)
                if try match(pattern, text) != theirs { disagreements.append("/\(pattern)/ on \"\(text)\"") }
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(10))")
    }
}

@Suite struct WordBoundaryTests {
    static let cases: [(pattern: String, text: String, expected: [Range<Int>?]?)] = [
        ("\\bis\\b", "this is", [5..<7]),
        ("\\bis\\b", "this", nil),
        ("\\Bis\\b", "this is", [2..<4]),
        ("\\b", "", nil),
        ("\\B", "", [0..<0]),
        ("\\b\\w+\\b", "  ab-cd", [2..<4]),
        ("(\\w+)\\b", "ab cd", [0..<2, 0..<2]),
        ("\\bé", "é", nil),  // non-ASCII bytes are not word bytes
        ("x\\b", "x", [0..<1]),
        ("\\B\\d+", "a12 34", [1..<3]),
    ]

    @Test("\\b and \\B test ASCII word bytes on either side", arguments: cases)
    func boundary(_ pattern: String, _ text: String, _ expected: [Range<Int>?]?) throws {
        #expect(try match(pattern, text) == expected)
    }
}

@Suite struct DialectTests {
    @Test("the filter-pattern dialect's . and negations take a whole UTF-8 character; the query's take a byte")
    func characters() throws {
        #expect(try matches("^caf.$", "café", syntax: .filterPattern))
        #expect(try !matches("^caf.$", "café", syntax: .query))
        #expect(try matches("^caf..$", "café", syntax: .query))
        #expect(try matches("^[^a]x$", "éx", syntax: .filterPattern))
        #expect(try matches("^\\D\\D$", "é", syntax: .query))
        #expect(try match("(.)", "é") == [0..<1, 0..<1])
    }

    static let queryOnly = ["(?<n>a)", "(?i)a", "(?i:a)", "\\ba", "a\\B"]

    @Test("named groups, (?i) and \\b are query extensions", arguments: queryOnly)
    func extensions(_ pattern: String) throws {
        _ = try ByteRegex(pattern, syntax: .query)
        #expect(throws: ByteRegex.SyntaxError.self) { try ByteRegex(pattern, syntax: .filterPattern) }
    }

    @Test("matching is unanchored unless ^ or $ is used; they are the input's ends, not lines'")
    func anchors() throws {
        #expect(try matches("b", "abc", syntax: .filterPattern))
        #expect(try !matches("^b", "a\nb"))
        #expect(try !matches("a$", "a\nb"))
        #expect(try !matches("a$", "a\n"))
        #expect(try matches("^$", ""))
        #expect(try match("x*", "abc") == [0..<0])
        #expect(try match("c|$", "ab") == [2..<2])
    }
}

@Suite struct SyntaxErrorTests {
    static let cases: [(pattern: String, problem: ByteRegex.SyntaxError.Problem, offset: Int, construct: Int)] = [
        ("ab(c", .unclosedGroup, 4, 2),
        ("ab)", .unbalancedParenthesis, 2, 2),
        ("*a", .nothingToRepeat, 0, 0),
        ("^*", .nothingToRepeat, 1, 1),
        ("a\\b+", .nothingToRepeat, 3, 3),
        ("[a-", .unclosedClass, 3, 0),
        ("x[z-a]", .rangeOutOfOrder, 2, 2),
        ("[a-\\d]", .badRangeEnd, 5, 3),
        ("(a)\\1", .backreference, 4, 3),
        ("(?=a)", .unsupportedGroup, 2, 0),
        ("(?<=a)", .unsupportedGroup, 2, 0),
        ("(?<1a>x)", .badGroupName, 5, 0),
        ("(?<a", .badGroupName, 4, 0),
        ("a{5,2}", .boundsOutOfOrder, 1, 1),
        ("a{1001}", .repeatTooLarge(limit: 1000), 1, 1),
        ("(?:a{1000}){1000}", .programTooLarge(limit: 20_000), 0, 0),
        ("\\q", .unknownEscape(UInt8(ascii: "q")), 1, 0),
        ("[\\b]", .unknownEscape(UInt8(ascii: "b")), 2, 1),
        ("a\\", .danglingEscape, 2, 1),
        (String(repeating: "(", count: 201), .nestingTooDeep(limit: 200), 201, 200),
        ("a" + String(repeating: "*", count: 201), .nestingTooDeep(limit: 200), 201, 201),
    ]

    @Test("errors name the problem, where it was found, and the construct at fault", arguments: cases)
    func error(_ pattern: String, _ problem: ByteRegex.SyntaxError.Problem, _ offset: Int, _ construct: Int) {
        do {
            _ = try ByteRegex(pattern, syntax: .query)
            Issue.record("compiled")
        } catch {
            #expect(error.problem == problem)
            #expect(error.offset == offset)
            #expect(error.construct == construct)
        }
    }

    @Test("a { that starts no complete bound is a literal")
    func literalBrace() throws {
        #expect(try matches("a{,2}", "a{,2}"))
        #expect(try matches("a{2", "a{2"))
        #expect(try matches("^a{2}$", "aa"))
        #expect(try matches("{", "{"))
    }

    @Test("the program-size cap counts expanded repetition")
    func programSize() throws {
        _ = try ByteRegex("a{1000}b{1000}", syntax: .query)
        _ = try ByteRegex("(?:ab){1000}", syntax: .query)
        #expect(throws: ByteRegex.SyntaxError.self) { try ByteRegex("(?:abcdefghij|klmnopqrst){1000}", syntax: .query) }
    }
}

@Suite struct LargeInputTests {
    /// A megabyte of log-like text with no newline.
    static let megabyte: [UInt8] = Array(String(repeating: "request ok id=42 status=200 ", count: (1 << 20) / 28 + 1).utf8.prefix(1 << 20))

    @Test("a 1 MB input with .*ERROR matches and fails without deep recursion")
    func dotStar() throws {
        let regex = try ByteRegex(".*ERROR", syntax: .query)
        #expect((Self.megabyte + Array("ERROR".utf8)).withUnsafeBytes { regex.matches($0) })
        #expect(!Self.megabyte.withUnsafeBytes { regex.matches($0) })
        // The required literal is there at the start, so the matcher runs the whole input.
        let anchored = try ByteRegex(".*ERROR$", syntax: .query)
        #expect(!(Array("ERROR".utf8) + Self.megabyte).withUnsafeBytes { anchored.matches($0) })
    }

    @Test("a 1 MB input with (?<x>.*)ERROR captures everything before the last ERROR")
    func capture() throws {
        let regex = try ByteRegex("(?<x>.*)ERROR", syntax: .query)
        let input = Array("ERROR ".utf8) + Self.megabyte + Array("ERROR!".utf8)
        let found = input.withUnsafeBytes { regex.firstMatch(in: $0) }
        #expect(found == [0..<(input.count - 1), 0..<(input.count - 6)])
        let lazy = try ByteRegex("(?<x>.*?)ERROR!", syntax: .query)
        #expect(input.withUnsafeBytes { lazy.firstMatch(in: $0) } == [0..<input.count, 0..<(input.count - 6)])
        let none = Array("ERROR ".utf8) + Self.megabyte
        let tail = try ByteRegex("(?<x>.*)ERROR$", syntax: .query)
        #expect(none.withUnsafeBytes { tail.firstMatch(in: $0) } == nil)
    }

    @Test("patterns that are exponential for a backtracker stay linear")
    func pathological() throws {
        let input = [UInt8](repeating: UInt8(ascii: "a"), count: 100_000)
        let nested = try ByteRegex("(a*)*b", syntax: .query)
        #expect(input.withUnsafeBytes { nested.firstMatch(in: $0) } == nil)
        let alternatives = try ByteRegex("^(a|aa)+$", syntax: .query)
        #expect(input.withUnsafeBytes { alternatives.firstMatch(in: $0) }?[0] == 0..<100_000)
    }
}
