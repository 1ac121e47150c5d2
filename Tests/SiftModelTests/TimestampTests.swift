import Testing
import SiftModel

@Suite struct TimestampTests {
    @Test("ISO 8601 rendering in UTC", arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (1_714_550_400_123_000_000, "2024-05-01T08:00:00.123Z"),
        (-1_000_000, "1969-12-31T23:59:59.999Z"),
        (951_782_400_000_000_000, "2000-02-29T00:00:00.000Z"),
    ])
    func iso(nanos: Int64, expected: String) {
        #expect(Timestamp(nanosecondsSinceEpoch: nanos).description == expected)
    }

    @Test("Civil date conversion round-trips over four centuries")
    func civilRoundTrip() {
        for days in stride(from: Int64(-150_000), through: 150_000, by: 37) {
            let (y, m, d) = Timestamp.civilFromDays(days)
            #expect(Timestamp.daysFromCivil(year: y, month: m, day: d) == days)
        }
    }

    @Test("Parsing an instant a Timestamp cannot hold is nil, not a trap (issue 14)", arguments: [
        "9999-01-01", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "1677-01-01", "2262-06-01",
        "9999999999999999", "9223372036855",
    ])
    func outOfRange(text: String) {
        #expect(Timestamp(parsing: text) == nil)
    }

    @Test("The edges of the range still parse")
    func rangeEdges() {
        #expect(Timestamp(parsing: "1678-01-01")?.description == "1678-01-01T00:00:00.000Z")
        #expect(Timestamp(parsing: "2261-12-31T23:59:59Z")?.description == "2261-12-31T23:59:59.000Z")
        #expect(Timestamp(parsing: "9223372036854")?.millisecondsSinceEpoch == 9_223_372_036_854)
    }

    @Test("Milliseconds round towards negative infinity")
    func millis() {
        #expect(Timestamp(nanosecondsSinceEpoch: -1).millisecondsSinceEpoch == -1)
        #expect(Timestamp(nanosecondsSinceEpoch: 1_999_999).millisecondsSinceEpoch == 1)
        #expect(Timestamp(millisecondsSinceEpoch: 42).nanosecondsSinceEpoch == 42_000_000)
    }

    @Test("Locations describe line, record and gzip member")
    func locationText() {
        #expect(InputLocation(source: "a.gz", line: 42, byteOffset: 1834).description == "a.gz:42 (byte 1834)")
        #expect(InputLocation(source: "b", record: 3, byteOffset: 7).description == "b record 3 (byte 7)")
        #expect(InputLocation(source: "c.gz", line: 1, byteOffset: 9, member: 2).description == "c.gz:1 (gzip member 2, byte 9)")
    }
}
