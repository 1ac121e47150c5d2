import SiftJSON
import SiftTestSupport
import Testing

@Suite struct NumberTests {
    func readDouble(_ text: String) -> Result<Double, JSONScanError> {
        withScanner(bytes(text)) { (s: inout JSONScanner) throws(JSONScanError) in
            let d = try s.readDouble()
            try s.expectEnd()
            return d
        }
    }

    func readScaled(_ text: String, _ digits: Int) -> Result<Int64, JSONScanError> {
        withScanner(bytes(text)) { (s: inout JSONScanner) throws(JSONScanError) in try s.readScaledInteger(fractionDigits: digits) }
    }

    func readInt(_ text: String) -> Result<Int64, JSONScanError> {
        withScanner(bytes(text)) { (s: inout JSONScanner) throws(JSONScanError) in try s.readInt64() }
    }

    static let tricky = [
        "2.2250738585072011e-308", "2.2250738585072012e-308", "9007199254740993", "9007199254740992",
        "1732467000.1234567", "1596648396.6401389", "1795543670.10323", "0.1", "1e23", "8.98846567431158e307",
        "1.7976931348623157e308", "4.9e-324", "5e-324", "2.4703282292062327e-324", "-0", "-0.0", "0e99",
        "123456789012345678901234567890", "0.000001", "1e-7", "3.14159265358979323846264338327950288",
        "7.038531e-26", "9214843084008499", "30078505129381147446200", "1e22", "1e-22", "123456789012345e-22",
        "1.00000000000000011102230246251565404236316680908203125", "2.0000000000000002220446049250313080847263336181640625",
        "1e308", "1e-308", "18446744073709551615", "-1732467000.1234567e-3", "12345678901234567e+5",
    ]

    @Test("readDouble is correctly rounded", arguments: tricky)
    func trickyDoubles(text: String) throws {
        let value = try readDouble(text).get()
        #expect(value.bitPattern == Double(text)!.bitPattern, "\(text)")
    }

    @Test("readDouble matches Double(text) on random numbers and shortest round-trip texts")
    func randomDoubles() throws {
        var gen = DocumentGenerator(seed: 5)
        for _ in 0..<20_000 {
            let text = gen.number()
            #expect(try readDouble(text).get().bitPattern == Double(text)!.bitPattern, "\(text)")
        }
        var rng = SplitMix(state: 6)
        for _ in 0..<20_000 {
            let d = Double(bitPattern: rng.next())
            guard d.isFinite else { continue }
            let text = d.description
            #expect(try readDouble(text).get().bitPattern == d.bitPattern, "\(text)")
        }
    }

    static let plainDecimals = [
        "0", "-0", "0.5", "-0.0", "7", "1717200000.121009", "9007199254740992", "9007199254740993", "900719925474099.3",
        "1234567890123456789", "12345678901234567890", "0.0000000000000000001", "0.00000000000000000001",
        "-99.99", "1.0000000000000002", "4503599627370497.5",
        // eight-digit groups (SWAR path) and groups of seven that fall back to single digits
        "12345678", "87654321.87654321", "0.12345678", "99999999.99999999", "1234567.1234567", "-10000000.00000001",
    ]

    @Test("readDouble's one-pass plain-decimal path agrees with Double(text) at its limits", arguments: plainDecimals)
    func plainDecimalDoubles(text: String) throws {
        #expect(try readDouble(text).get().bitPattern == Double(text)!.bitPattern, "\(text)")
    }

    @Test("Malformed plain decimals are rejected", arguments: ["1.", "-", "-.5", ".5", "1.e3", "01", "1.2.3"])
    func malformedPlainDecimals(text: String) {
        #expect(throws: JSONScanError.self, "\(text)") { try readDouble(text).get() }
    }

    @Test("Out-of-range doubles become infinity or zero, as Double(text)")
    func overflow() throws {
        #expect(try readDouble("1e400").get() == .infinity)
        #expect(try readDouble("-1e400").get() == -.infinity)
        #expect(try readDouble("1e-400").get() == 0)
        #expect(try readDouble("1e999999999999999999999").get() == .infinity)
    }

    @Test("readScaledInteger is exact fixed point")
    func scaled() {
        let cases: [(String, Int, Int64)] = [
            ("1732467000.1234567", 9, 1_732_467_000_123_456_700),
            ("1.7324670001234567E9", 9, 1_732_467_000_123_456_700),
            ("17324670001234567e-7", 9, 1_732_467_000_123_456_700),
            ("1732467000", 9, 1_732_467_000_000_000_000),
            ("1732467000.123456789123", 9, 1_732_467_000_123_456_789),
            ("0.0000000005", 9, 0),  // half to even
            ("0.0000000015", 9, 2),
            ("0.0000000025", 9, 2),
            ("0.00000000250001", 9, 3),
            ("0.0000000014999", 9, 1),
            ("-0.0000000015", 9, -2),
            ("1e-10", 9, 0),
            ("6e-10", 9, 1),
            ("5e-10", 9, 0),
            ("1e-999999999", 9, 0),
            ("0e999999999", 9, 0),
            ("12.5", 0, 12),
            ("13.5", 0, 14),
            ("-13.5", 0, -14),
            ("9.223372036854775807", 18, Int64.max),
            ("-9.223372036854775808", 18, Int64.min),
            ("0", 18, 0),
            ("-0", 3, 0),
            ("1.5E+2", 1, 1500),
            ("123", 0, 123),
        ]
        for (text, digits, expected) in cases {
            #expect(readScaled(text, digits) == .success(expected), "\(text) @ \(digits)")
        }
        for (text, digits) in [("9.223372036854775808", 18), ("1e10", 9), ("1e999999999", 9), ("-9.3e18", 0), ("99999999999999999999", 0)] {
            #expect(readScaled(text, digits) == .failure(JSONScanError(.numberOutOfRange, at: 0)), "\(text)")
        }
        // Rounding that carries into overflow.
        #expect(readScaled("9223372036854775807.5", 0) == .failure(JSONScanError(.numberOutOfRange, at: 0)))
    }

    @Test("readInt64 is exact and rejects fractions and overflow")
    func int64() {
        #expect(readInt("9223372036854775807") == .success(Int64.max))
        #expect(readInt("-9223372036854775808") == .success(Int64.min))
        #expect(readInt("1.0") == .success(1))
        #expect(readInt("12e3") == .success(12000))
        #expect(readInt("10e-1") == .success(1))
        #expect(readInt("-0") == .success(0))
        for text in ["9223372036854775808", "-9223372036854775809", "1.5", "1e-1", "0.000001", "1e19"] {
            #expect(readInt(text) == .failure(JSONScanError(.numberOutOfRange, at: 0)), "\(text)")
        }
    }

    @Test("Out-of-range and mismatched reads consume nothing, so the value can be skipped")
    func noConsumeOnError() throws {
        let doc = bytes(#"[ 1.5, "x", 99999999999999999999, true]"#)
        let result = withScanner(doc) { (s: inout JSONScanner) throws(JSONScanError) -> [String] in
            var log: [String] = []
            try s.beginArray()
            while try s.nextElement() {
                let at = s.offset
                do throws(JSONScanError) {
                    log.append("int \(try s.readInt64())")
                } catch {
                    log.append("\(error.reason) at \(error.offset) \(s.offset == at)")
                    try s.skipValue()
                }
            }
            return log
        }
        #expect(
            try result.get() == [
                "numberOutOfRange at 2 true", "typeMismatch at 7 true", "numberOutOfRange at 12 true",
                "typeMismatch at 34 true",
            ])
    }
}
