import Testing
import SiftFormats
import SiftTestSupport

@Suite struct FilterPatternRegexTests {
    static let cases: [FilterPatternCase] = [
        .init("%ERROR%", "an ERROR here", true),
        .init("%ERROR%", "an error here", false),
        // Alternation and groups.
        .init("%ERROR|WARN%", "WARN low", true),
        .init("%(GET|POST) /items%", "POST /items 201", true),
        .init("%(GET|POST) /items%", "PUT /items 201", false),
        .init("%(?:ab)+c%", "xxababc", true),
        .init("%(?:ab)+c%", "xxac", false),
        // Classes and escapes.
        .init("%[a-c]x%", "bx", true),
        .init("%[a-c]x%", "dx", false),
        .init("%[^0-9]x%", "ax", true),
        .init("%[^0-9]x%", "1x", false),
        .init("%^[^0-9]x%", "éx", true),
        .init("%\\d\\d\\d%", "status 503", true),
        .init("%\\d\\d\\d%", "status 50", false),
        .init("%\\w+@\\w+\\.com%", "mail bob@example.com now", true),
        .init("%\\s\\S%", "a b", true),
        .init("%\\s\\S%", "ab ", false),
        .init("%\\D%", "123", false),
        .init("%\\W%", "a_b", false),
        .init("%[\\d.]+ms%", "took 12.5ms", true),
        .init("%a\\.b%", "a.b", true),
        .init("%a\\.b%", "axb", false),
        .init("%100\\%%", "100% done", true),
        // Quantifiers.
        .init("%ab*c%", "ac", true),
        .init("%ab+c%", "ac", false),
        .init("%ab?c%", "abbc", false),
        .init("%a{3}%", "baaab", true),
        .init("%a{3}%", "baab", false),
        .init("%^a{2,3}$%", "aaaa", false),
        .init("%^a{2,3}$%", "aaa", true),
        .init("%^a{2,}$%", "aaaaaa", true),
        .init("%x{1,2}?y%", "xxy", true),
        .init("%a{,2}%", "a{,2}", true),
        // Anchors: the start and end of the message.
        .init("%^INFO%", "INFO started", true),
        .init("%^INFO%", "  INFO started", false),
        .init("%done$%", "all done", true),
        .init("%done$%", "done already", false),
        .init("%^$%", "", true),
        // Dot: one character, UTF-8 aware, not a newline.
        .init("%^caf.$%", "café", true),
        .init("%^caf..$%", "café", false),
        .init("%a.b%", "a\nb", false),
        // Literal prefixes: the search jumps between occurrences and may restart inside one.
        .init("%status=5\\d\\d%", "status=4 status=5x status=503", true),
        .init("%status=5\\d\\d%", "status=4 status=5x status=50", false),
        .init("%aab%", "aaab", true),
        .init("%abab%", "abaabab", true),
        // Pathological for a backtracker; linear here.
        .init("%(a*)*b%", String(repeating: "a", count: 5000), false),
        .init("%(a|aa)+$%", String(repeating: "a", count: 5000) + "!", false),
    ]

    @Test("regex patterns", arguments: cases)
    func regex(_ c: FilterPatternCase) throws {
        let result = try c.check()
        #expect(result.string == c.matches)
        #expect(result.bytes == c.matches)
    }

    static func randomRegex(_ depth: Int, _ rng: inout SplitMix) -> String {
        let atoms = ["a", "b", "c", ".", "[ab]", "[^a]", "\\d", "\\w", "1"]
        if depth == 0 { return atoms.randomElement(using: &rng)! }
        switch Int.random(in: 0..<6, using: &rng) {
        case 0: return randomRegex(depth - 1, &rng) + randomRegex(depth - 1, &rng)
        case 1: return "(" + randomRegex(depth - 1, &rng) + "|" + randomRegex(depth - 1, &rng) + ")"
        case 2: return "(" + randomRegex(depth - 1, &rng) + ")" + ["*", "+", "?", "{2}", "{1,3}", "{0,}"].randomElement(using: &rng)!
        case 3: return "^" + randomRegex(depth - 1, &rng)
        case 4: return randomRegex(depth - 1, &rng) + "$"
        default: return randomRegex(depth - 1, &rng) + randomRegex(depth - 1, &rng) + randomRegex(depth - 1, &rng)
        }
    }

    @Test("random expressions agree with Swift Regex on random messages")
    func differential() throws {
        var rng = SplitMix(state: 42)
        var disagreements: [String] = []
        for _ in 0..<400 {
            let regex = Self.randomRegex(Int.random(in: 1...4, using: &rng), &rng)
            let compiled = try FilterPattern("%" + regex + "%")
            let reference = try Regex(regex).asciiOnlyWordCharacters().asciiOnlyDigits().asciiOnlyWhitespace()  // sift: \\d \\w \\s are ASCII
            for _ in 0..<20 {
                let length = Int.random(in: 0...8, using: &rng)
                let message = String((0..<length).map { _ in "abc1 _é".randomElement(using: &rng)! })
                let expected = message.contains(reference)
                if compiled.matches(message) != expected { disagreements.append("%\(regex)% on \"\(message)\": expected \(expected)") }
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(10))")
    }
}
