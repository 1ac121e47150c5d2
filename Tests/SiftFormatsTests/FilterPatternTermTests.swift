import Testing
import SiftFormats

@Suite struct FilterPatternTermTests {
    static let cases: [FilterPatternCase] = [
        // Empty pattern: everything.
        .init("", "anything at all", true),
        .init("   ", "", true),
        // One term: case-sensitive substring.
        .init("ERROR", "2024-05-01 ERROR failed", true),
        .init("ERROR", "2024-05-01 error failed", false),
        .init("ERROR", "ERRORS happen", true),
        .init("ERROR", "", false),
        // Several terms: all must appear, in any order.
        .init("ERROR Exception", "Exception: ERROR in handler", true),
        .init("ERROR Exception", "ERROR in handler", false),
        // Quoted phrases keep spaces and punctuation.
        .init("\"GET /items\"", "INFO \"GET /items HTTP/1.1\" 200", true),
        .init("\"GET /items\"", "GET  /items", false),
        .init("\"say \\\"hi\\\"\"", "they say \"hi\" loudly", true),
        .init("\"a b\" c", "c then a b", true),
        .init("\"a b\" c", "a b", false),
        // ?term: at least one.
        .init("?ERROR ?WARN", "WARN disk low", true),
        .init("?ERROR ?WARN", "ERROR disk gone", true),
        .init("?ERROR ?WARN", "INFO all good", false),
        .init("?\"disk full\" ?OOM", "kernel: disk full", true),
        // Plain terms and ?terms together: all plain, plus one of the alternatives.
        .init("disk ?ERROR ?WARN", "WARN disk low", true),
        .init("disk ?ERROR ?WARN", "WARN memory low", false),
        // -term: must not appear.
        .init("ERROR -Exiting", "ERROR retrying", true),
        .init("ERROR -Exiting", "ERROR Exiting now", false),
        .init("-DEBUG", "INFO started", true),
        .init("-DEBUG", "DEBUG started", false),
        .init("ERROR -\"health check\"", "ERROR during health check", false),
        // Unquoted punctuation is accepted as part of the term.
        .init("status=500", "method=GET status=500 error=ValueError", true),
        .init("status=500", "method=GET status=200", false),
        // The search anchors on a capital or punctuation byte inside the needle.
        .init("xA", "AxA", true),
        .init("xA", "Ax", false),
        .init("a:B", "B a:B", true),
        .init("a:B", "a:b a: B", false),
        .init("logLevel", "level logLevel", true),
        // UTF-8 text.
        .init("\"café au lait\"", "ordered café au lait", true),
        // Terms mixed with a regex term.
        .init("ERROR %status=5\\d\\d%", "ERROR status=503", true),
        .init("ERROR %status=5\\d\\d%", "ERROR status=404", false),
        .init("-%^DEBUG%", "INFO DEBUG", true),
        .init("-%^DEBUG%", "DEBUG INFO", false),
    ]

    @Test("term patterns", arguments: cases)
    func term(_ c: FilterPatternCase) throws {
        let result = try c.check()
        #expect(result.string == c.matches)
        #expect(result.bytes == c.matches)
    }

    @Test("a needle longer than the message never matches, and search finds late occurrences")
    func edges() throws {
        #expect(try !FilterPattern("abcdef").matches("abc"))
        let long = String(repeating: "a", count: 10_000) + "needle"
        #expect(try FilterPattern("needle").matches(long))
        #expect(try FilterPattern("aaab").matches(String(repeating: "a", count: 50) + "b"))
        #expect(try !FilterPattern("aaab").matches(String(repeating: "a", count: 50)))
    }
}
