import Testing
import SiftFormats

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
}
