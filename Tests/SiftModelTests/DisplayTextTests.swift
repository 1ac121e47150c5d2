import SiftModel
import Testing

@Suite struct DisplayTextTests {
    @Test("controls, DEL, C1, bidi and separators become escapes; printable text is unchanged", arguments: [
        ("plain café … 😀 C:\\x", "plain café … 😀 C:\\x"), ("a\u{1B}]0;PWNED\u{07}b", "a\\x1b]0;PWNED\\x07b"),
        ("l1\nl2\r\nl3", "l1\\nl2\\r\\nl3"), ("t\tab", "t ab"), ("\u{7F}\u{85}\u{9B}", "\\x7f\\u0085\\u009b"),
        ("\u{202A}\u{202E}\u{2066}\u{2069}\u{2028}\u{2029}\u{200F}", "\\u202a\\u202e\\u2066\\u2069\\u2028\\u2029\u{200F}"),
    ])
    func escaped(_ text: String, _ expected: String) {
        #expect(DisplayText.escaped(text) == expected)
        var bytes: [UInt8] = []
        Array(text.utf8).withUnsafeBytes { DisplayText.append($0, tabs: .space, to: &bytes) }
        #expect(String(decoding: bytes, as: UTF8.self) == expected, "the byte path agrees")
    }

    @Test("bytes that are not UTF-8 show as \\xHH; tabs and a final line break can be kept")
    func bytePath() {
        var out: [UInt8] = []
        let raw: [UInt8] = [0x61, 0xFF, 0xC2, 0x41, 0xE2, 0x80, 0x09, 0x0D, 0x0A]
        raw.withUnsafeBytes { DisplayText.append($0, tabs: .keep, keepingFinalLineBreak: true, to: &out) }
        #expect(String(decoding: out, as: UTF8.self) == "a\\xff\\xc2A\\xe2\\x80\t\r\n")
        out = []
        raw.withUnsafeBytes { DisplayText.append($0, tabs: .space, to: &out) }
        #expect(String(decoding: out, as: UTF8.self) == "a\\xff\\xc2A\\xe2\\x80 \\r\\n")
    }
}
