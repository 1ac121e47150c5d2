import SiftJSON
import SiftTestSupport
import Testing

@Suite struct JSONWriterTests {
    func quoted(_ s: String) -> String {
        var out: [UInt8] = []
        JSONWriter.appendQuoted(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    func number(_ d: Double) -> String {
        var out: [UInt8] = []
        JSONWriter.appendNumber(d, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test("Strings are escaped per RFC 8259")
    func escaping() throws {
        #expect(quoted("plain é😀") == "\"plain é😀\"")
        #expect(quoted("a\"b\\c") == #""a\"b\\c""#)
        #expect(quoted("\n\r\t\u{08}\u{0C}") == #""\n\r\t\b\f""#)
        #expect(quoted("\u{00}\u{01}\u{1F}\u{7F}") == "\"\\u0000\\u0001\\u001f\\u007f\"")
        // DEL, C1 controls, bidi overrides and isolates, and U+2028/9 are escaped too (issue 14).
        #expect(quoted("a\u{1B}]0;PWNED\u{07}b") == #""a\u001b]0;PWNED\u0007b""#)
        #expect(quoted("\u{85}\u{9B}\u{9F}\u{A0}") == "\"\\u0085\\u009b\\u009f\u{A0}\"")
        #expect(quoted("\u{202A}\u{202E}\u{2066}\u{2069}\u{2028}\u{2029}\u{2026}\u{202F}") == "\"\\u202a\\u202e\\u2066\\u2069\\u2028\\u2029\u{2026}\u{202F}\"")
        #expect(quoted("/") == "\"/\"")
        var out: [UInt8] = []
        bytes("q\"").withUnsafeBytes { JSONWriter.appendQuoted($0, to: &out) }
        #expect(out == bytes(#""q\"""#))
        // Every scalar below 0x80 round-trips through the scanner.
        let all = String(String.UnicodeScalarView((0..<0x80).map { Unicode.Scalar(UInt8($0)) }))
        let back = withScanner(bytes(quoted(all))) { (s: inout JSONScanner) throws(JSONScanError) in try s.readString() }
        #expect(try back.get() == all)
    }

    @Test("Numbers: integral without fraction below 2^53, shortest round-trip otherwise, null when not finite")
    func numbers() {
        #expect(number(3) == "3")
        #expect(number(-42) == "-42")
        #expect(number(0) == "0")
        #expect(number(-0.0) == "-0")
        #expect(number(9_007_199_254_740_991) == "9007199254740991")
        #expect(number(9_007_199_254_740_992) == "9007199254740992.0")  // Swift's shortest form
        #expect(number(1e16) == "1e+16")
        #expect(number(0.1) == "0.1")
        #expect(number(1732467000.1234567) == "1732467000.1234567")
        #expect(number(1e300) == "1e+300")
        #expect(number(5e-324) == "5e-324")
        #expect(number(.infinity) == "null")
        #expect(number(-.infinity) == "null")
        #expect(number(.nan) == "null")
        var rng = SplitMix(state: 1)
        for _ in 0..<5000 {
            let d = Double(bitPattern: rng.next())
            guard d.isFinite else { continue }
            let text = number(d)
            #expect(validationError(bytes(text)) == nil, "\(text)")
            #expect(Double(text)?.bitPattern == d.bitPattern, "\(text)")
        }
    }

    @Test("JSONValue serializes compactly and stably, keeping member order")
    func serialized() throws {
        let text = #" { "b" : [ 1 , 2.5 , "x\n" , null , true ] , "a" : { } , "c\u0001" : -0 } "#
        let value = try parseResult(bytes(text)).get()
        #expect(value.serialized() == #"{"b":[1,2.5,"x\n",null,true],"a":{},"c\u0001":-0}"#)
        #expect(value["b"]?[1]?.doubleValue == 2.5)
        #expect(value["b"]?[2]?.stringValue == "x\n")
        #expect(value["b"]?[3]?.isNull == true)
        #expect(value["b"]?[4]?.boolValue == true)
        #expect(value["b"]?[5] == nil)
        #expect(value["a"]?.objectValue?.isEmpty == true)
        #expect(value["b"]?.arrayValue?.count == 5)
        #expect(value["zz"] == nil)
        #expect(value != .object([]))
    }
}
