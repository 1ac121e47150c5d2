import Foundation
import SiftModel
import SiftTestSupport
import Testing

@testable import SiftBytes

@Suite struct JSONValueFramerTests {
    func values(
        _ text: String,
        maxValueBytes: Int = JSONValueFramer.defaultMaxValueBytes,
        bufferBytes: Int = 1 << 20,
        maxReadBytes: Int = .max
    ) -> [Event] {
        collectValues(
            MemoryByteStream(Array(text.utf8), name: "v", maxReadBytes: maxReadBytes),
            maxValueBytes: maxValueBytes,
            bufferBytes: bufferBytes
        )
    }

    @Test("Values with no separator, newlines, whitespace, strings with braces and escapes, scalars")
    func framing() {
        let text = #"{"a":"}{\"]"}{"b":[1,{"c":2}]}"# + "\n  [1,2]\t\"s\\\"{\" 42 -1.5e3 true null {\"z\":{}}"
        let events = values(text)
        #expect(events.errors.isEmpty)
        #expect(
            events.texts == [
                #"{"a":"}{\"]"}"#, #"{"b":[1,{"c":2}]}"#, "[1,2]", #""s\"{""#, "42", "-1.5e3", "true", "null",
                #"{"z":{}}"#,
            ]
        )
        #expect(events.locations.map(\.record) == Array(1...9))
        #expect(events.locations.prefix(3).map(\.byteOffset) == [0, 13, 33])
    }

    @Test("Every buffer size and every read split give identical values, errors and locations")
    func everySplit() {
        let text =
            "\u{FEFF}" + #"{"messageType":"DATA_MESSAGE","logEvents":[{"id":"1","message":"x}\"y"}]}{"b":2}"#
            + "\n{\"c\":[3]}\r\n oops {\"lost\":1}\n{\"d\":\"μ\"} 7 \"tail\" 12"
        let expected = values(text)
        #expect(
            expected.texts == [
                #"{"messageType":"DATA_MESSAGE","logEvents":[{"id":"1","message":"x}\"y"}]}"#,
                #"{"b":2}"#, #"{"c":[3]}"#, #"{"d":"μ"}"#, "7", "\"tail\"", "12",
            ]
        )
        #expect(expected.errors.map(\.0) == [.unexpectedByte(UInt8(ascii: "o"))])
        for bufferBytes in 1...text.utf8.count + 2 {
            for maxRead in [1, 2, 7, 1000] {
                let got = values(text, bufferBytes: bufferBytes, maxReadBytes: maxRead)
                #expect(got == expected, "buffer \(bufferBytes) read \(maxRead)")
            }
        }
    }

    @Test("Garbage between values is located, and the framer resynchronises at the next line")
    func garbage() {
        let text = "{\"a\":1}\nGARBAGE here {\"skipped\":1}\n\n  {\"b\":2}\n}\n[3]"
        let events = values(text)
        #expect(events.texts == ["{\"a\":1}", "{\"b\":2}", "[3]"])
        let errors = events.errors
        #expect(errors.map(\.0) == [.unexpectedByte(UInt8(ascii: "G")), .unexpectedByte(UInt8(ascii: "}"))])
        #expect(errors.map(\.1.byteOffset) == [8, 46])
        #expect(events.locations.map(\.record) == [1, 2, 3])
        #expect(events.locations.map(\.byteOffset) == [0, 38, 48])
    }

    @Test("A value over the limit is skipped, the next survives; a truncated value is reported")
    func limitsAndTruncation() {
        let big = "{\"k\":\"" + String(repeating: "q", count: 200) + "\"}"
        for bufferBytes in [3, 64, 4096] {
            let events = values(
                "{\"a\":1}" + big + "{\"b\":2}\n{\"cut\":[1,",
                maxValueBytes: 100,
                bufferBytes: bufferBytes
            )
            #expect(events.texts == ["{\"a\":1}", "{\"b\":2}"], "buffer \(bufferBytes)")
            #expect(events.errors.map(\.0) == [.valueTooLarge(limit: 100), .truncatedValue], "buffer \(bufferBytes)")
            #expect(events.errors.map(\.1.byteOffset) == [7, Int64(7 + big.utf8.count + 8)], "buffer \(bufferBytes)")
            #expect(events.errors.map(\.1.record) == [2, 4])
            #expect(events.locations.map(\.record) == [1, 3])
        }
    }

    @Test("Empty and whitespace-only inputs give no values")
    func empty() {
        #expect(values("").isEmpty)
        #expect(values(" \n\r\n\t").isEmpty)
    }

    @Test(
        "Firehose objects: 37 concatenated records across 3 multi-member gzip objects",
        .enabled(if: Fixtures.sharedPresent)
    )
    func firehoseObjects() throws {
        let (sources, problems) = InputWalker.expand([Fixtures.shared("sdk/cwlogs/firehose")])
        #expect(problems.isEmpty)
        #expect(sources.count == 3)
        var total = 0
        var maxMember = 0
        for source in sources {
            let reader = try ByteReader(source)
            #expect(reader.compression == .gzip)
            let events = collectValues(reader)
            #expect(events.errors.isEmpty)
            #expect(events.texts.allSatisfy { $0.hasPrefix("{\"messageType\"") })
            // Each member holds one document, so record n comes from member n.
            #expect(events.locations.map(\.member) == events.locations.map(\.record))
            total += events.texts.count
            maxMember = max(maxMember, reader.currentMember)
        }
        #expect(total == 37)
        #expect(maxMember == 24)
    }

    @Test("otel-contrib multiple_records.jsonl frames as 2 values", .enabled(if: Fixtures.sharedPresent))
    func otelContribRecords() throws {
        let path = Fixtures.shared("public/cwlogs/otelcontrib-awsfirehose-cwlog-multiple_records.jsonl")
        let events = collectValues(try ByteReader(.file(path)))
        #expect(events.errors.isEmpty)
        #expect(events.texts.count == 2)
        for text in events.texts {
            let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
            #expect(object?["messageType"] as? String == "DATA_MESSAGE")
        }
    }

    @Test("Values match a reference JSON parser on a generated corpus")
    func matchesReference() throws {
        var text = ""
        var expected: [Any] = []
        for i in 0..<200 {
            let object: [String: Any] = [
                "i": i, "s": "q\"uo}te{\\ \(i)", "a": [i, [String(repeating: "]", count: i % 5)]], "n": NSNull(),
            ]
            expected.append(object)
            let data = try JSONSerialization.data(withJSONObject: object)
            text += String(decoding: data, as: UTF8.self) + ["", "\n", " ", "\r\n", "\t\t"][i % 5]
        }
        for bufferBytes in [1, 13, 256, 1 << 20] {
            let events = values(text, bufferBytes: bufferBytes, maxReadBytes: 97)
            #expect(events.errors.isEmpty)
            let parsed = try events.texts.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! NSDictionary }
            #expect(parsed.count == 200)
            #expect(parsed == expected.map { $0 as! NSDictionary })
        }
    }
}
