import SiftJSON
import SiftTestSupport
import Testing

/// Specific malformed documents: exact reason and byte offset, from `validate` and `parse` alike.
@Suite struct InvalidDocumentTests {
    static let cases: [(String, [UInt8], JSONScanError)] = [
        ("trailing comma in object", bytes(#"{"a":1,}"#), JSONScanError(.unexpectedByte(0x7D), at: 7)),
        ("trailing comma in array", bytes("[1,]"), JSONScanError(.unexpectedByte(0x5D), at: 3)),
        ("missing comma", bytes("[1 2]"), JSONScanError(.unexpectedByte(0x32), at: 3)),
        ("unknown escape", bytes(#""\x""#), JSONScanError(.invalidEscape, at: 1)),
        ("bad hex in \\u", bytes(#""ab\u12G4""#), JSONScanError(.invalidEscape, at: 3)),
        ("bad UTF-8 continuation", [0x22, 0xC3, 0x28, 0x22], JSONScanError(.invalidUTF8, at: 1)),
        ("stray continuation byte", [0x22, 0x61, 0x80, 0x22], JSONScanError(.invalidUTF8, at: 2)),
        ("overlong encoding", [0x22, 0xC0, 0x80, 0x22], JSONScanError(.invalidUTF8, at: 1)),
        ("UTF-8 encoded surrogate", [0x22, 0xED, 0xA0, 0x80, 0x22], JSONScanError(.invalidUTF8, at: 1)),
        ("above U+10FFFF", [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], JSONScanError(.invalidUTF8, at: 1)),
        ("lone high surrogate", bytes(#""\ud800""#), JSONScanError(.invalidEscape, at: 1)),
        ("high surrogate then BMP escape", bytes(#""\ud800\u0041""#), JSONScanError(.invalidEscape, at: 1)),
        ("lone low surrogate", bytes(#""x\udc00""#), JSONScanError(.invalidEscape, at: 2)),
        ("raw control byte in string", [0x22, 0x61, 0x01, 0x22], JSONScanError(.unexpectedByte(0x01), at: 2)),
        ("raw newline in string", bytes("\"a\nb\""), JSONScanError(.unexpectedByte(0x0A), at: 2)),
        ("leading zero", bytes("01"), JSONScanError(.unexpectedByte(0x31), at: 1)),
        ("leading zero in array", bytes("[-01]"), JSONScanError(.unexpectedByte(0x31), at: 3)),
        ("fraction without digits", bytes("1."), JSONScanError(.truncated, at: 2)),
        ("fraction without digits before exponent", bytes("1.e5"), JSONScanError(.unexpectedByte(0x65), at: 2)),
        ("lone minus", bytes("-"), JSONScanError(.truncated, at: 1)),
        ("minus then letter", bytes("-a"), JSONScanError(.unexpectedByte(0x61), at: 1)),
        ("leading plus", bytes("+1"), JSONScanError(.unexpectedByte(0x2B), at: 0)),
        ("exponent without digits", bytes("[1e+]"), JSONScanError(.unexpectedByte(0x5D), at: 4)),
        ("empty input", [], JSONScanError(.truncated, at: 0)),
        ("only whitespace", bytes(" \n\t "), JSONScanError(.truncated, at: 4)),
        ("two values", bytes("[1] [2]"), JSONScanError(.unexpectedByte(0x5B), at: 4)),
        ("extra close", bytes("[1]]"), JSONScanError(.unexpectedByte(0x5D), at: 3)),
        ("mismatched close", bytes(#"{"a":1]"#), JSONScanError(.unexpectedByte(0x5D), at: 6)),
        ("array closed by brace", bytes("[1}"), JSONScanError(.unexpectedByte(0x7D), at: 2)),
        ("missing colon", bytes(#"{"a" 1}"#), JSONScanError(.unexpectedByte(0x31), at: 5)),
        ("unquoted key", bytes("{a:1}"), JSONScanError(.unexpectedByte(0x61), at: 1)),
        ("truncated literal", bytes("tru"), JSONScanError(.truncated, at: 3)),
        ("misspelled literal", bytes("[trUe]"), JSONScanError(.unexpectedByte(0x55), at: 3)),
        ("unterminated string", bytes(#""abc"#), JSONScanError(.unterminatedString, at: 4)),
        ("unterminated escape", bytes(#""abc\"#), JSONScanError(.unterminatedString, at: 5)),
        ("single quotes", bytes("'a'"), JSONScanError(.unexpectedByte(0x27), at: 0)),
        ("BOM only", [0xEF, 0xBB, 0xBF], JSONScanError(.truncated, at: 3)),
        ("NaN literal", bytes("NaN"), JSONScanError(.unexpectedByte(0x4E), at: 0)),
    ]

    @Test("Malformed documents report the expected reason and offset", arguments: 0..<cases.count)
    func malformed(index: Int) {
        let (name, doc, expected) = Self.cases[index]
        #expect(validationError(doc) == expected, "\(name)")
        #expect(parseResult(doc).failure == expected, "\(name)")
    }

    @Test("Nesting beyond maxDepth fails at the first byte too deep")
    func depthLimit() {
        let deep = [UInt8](repeating: UInt8(ascii: "["), count: 10_000)
        #expect(validationError(deep) == JSONScanError(.depthLimitExceeded, at: 512))
        #expect(parseResult(deep).failure == JSONScanError(.depthLimitExceeded, at: 512))
        let objects = Array(String(repeating: #"{"a":"#, count: 10_000).utf8)
        #expect(validationError(objects) == JSONScanError(.depthLimitExceeded, at: 512 * 5))
        let ok = [UInt8](repeating: UInt8(ascii: "["), count: 512) + [UInt8](repeating: UInt8(ascii: "]"), count: 512)
        #expect(validationError(ok) == nil)
        #expect(validationError(ok, maxDepth: 511) == JSONScanError(.depthLimitExceeded, at: 511))
        #expect(parseResult(ok).failure == nil)
    }

    @Test("Valid edge cases are accepted")
    func validEdgeCases() throws {
        for text in [
            "0", "-0", "-0.0e-0", "1E+2", "[]", "{}", #""""#, " [ ] ", "[[[]]]", #"{"":{"":[]}}"#,
            #""\ud83d\ude00""#, #""\u00e9\/\b\f\n\r\t\\\"""#, "\"\u{7F}\u{10FFFF}\"", "null", "true", "false",
        ] {
            #expect(validationError(bytes(text)) == nil, "\(text)")
            #expect(parseResult(bytes(text)).failure == nil, "\(text)")
        }
        // A leading byte order mark is skipped.
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF] + bytes(#"{"a":1}"#)
        #expect(try parseResult(bom).get() == .object([(key: "a", value: .number(1))]))
    }

    @Test("Random bytes never crash the scanner")
    func randomBytes() {
        var rng = SplitMix(state: 11)
        let alphabet: [UInt8] = Array(#"{}[]",:\/u0123456789abcdefEe+-.tnrl "#.utf8) + [0x00, 0x1F, 0x80, 0xC3, 0xED, 0xF4, 0xFF]
        for _ in 0..<20_000 {
            let doc = (0..<Int.random(in: 0...24, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            let error = validationError(doc)
            #expect(parseResult(doc).failure == error)
            if let error { #expect(error.offset >= 0 && error.offset <= doc.count) }
        }
    }
}
