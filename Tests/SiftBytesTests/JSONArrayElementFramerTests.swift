import Foundation
import SiftModel
import SiftTestSupport
import Testing

@testable import SiftBytes

/// Every element of the array under `key` (the top-level array when nil), going on after every error.
func collectElements(
    _ stream: any ByteStream,
    key: String?,
    maxElementBytes: Int = JSONValueFramer.defaultMaxValueBytes,
    bufferBytes: Int = 1 << 20
) -> [Event] {
    collect(JSONArrayElementFramer(stream, key: key, maxElementBytes: maxElementBytes, bufferBytes: bufferBytes))
}

@Suite struct JSONArrayElementFramerTests {
    func elements(
        _ text: String,
        key: String?,
        maxElementBytes: Int = 1 << 20,
        bufferBytes: Int = 1 << 20,
        maxRead: Int = .max
    ) -> [Event] {
        collectElements(
            MemoryByteStream(Array(text.utf8), maxReadBytes: maxRead),
            key: key,
            maxElementBytes: maxElementBytes,
            bufferBytes: bufferBytes
        )
    }

    @Test("Elements of the array under a top-level key; other keys and nested look-alikes are skipped")
    func keyedArray() {
        let text =
            #"{"nextToken":"events","x":{"events":[9]},"events":[{"a":"]}"}, 2 ,"s",[3,[4]],null,-1.5],"events2":[8],"searchedLogStreams":[]}"#
            + "\n" + #"{"events":[{"page":2}]}"#
        let events = elements(text, key: "events")
        #expect(events.errors.isEmpty)
        #expect(events.texts == [#"{"a":"]}"}"#, "2", "\"s\"", "[3,[4]]", "null", "-1.5", #"{"page":2}"#])
        #expect(events.locations.map(\.record) == Array(1...7))
        #expect(events.locations.first?.byteOffset == 51)
    }

    @Test("Elements of top-level arrays with key nil")
    func topLevelArray() {
        let events = elements("[1, {\"b\":[2]}, \"x\"]\n[[]]\n{\"events\":[5]}", key: nil)
        #expect(events.texts == ["1", "{\"b\":[2]}", "\"x\"", "[]"])
    }

    @Test("Every buffer size and read split give identical elements")
    func everySplit() {
        let text = #"{"searchedLogStreams":[{"s":1}],"events":[{"m":"a\"]}"},{"m":"b"} , 17,"t"],"z":[1]}"#
        let expected = elements(text, key: "events")
        #expect(expected.texts == [#"{"m":"a\"]}"}"#, #"{"m":"b"}"#, "17", "\"t\""])
        for bufferBytes in 1...text.utf8.count + 1 {
            for maxRead in [1, 3, 1000] {
                #expect(
                    elements(text, key: "events", bufferBytes: bufferBytes, maxRead: maxRead) == expected,
                    "buffer \(bufferBytes) read \(maxRead)"
                )
            }
        }
    }

    @Test("Oversized and truncated elements are reported; later elements survive")
    func damage() {
        let big = "{\"k\":\"" + String(repeating: "w", count: 300) + "\"}"
        for bufferBytes in [2, 50, 4096] {
            let events = elements(
                "{\"events\":[{\"a\":1}," + big + ",{\"b\":2},{\"cut\":",
                key: "events",
                maxElementBytes: 100,
                bufferBytes: bufferBytes
            )
            #expect(events.texts == ["{\"a\":1}", "{\"b\":2}"], "buffer \(bufferBytes)")
            #expect(events.errors.map(\.0) == [.valueTooLarge(limit: 100), .truncatedValue], "buffer \(bufferBytes)")
            #expect(events.errors.map(\.1.record) == [2, 4])
        }
    }

    @Test(
        "filter-log-events output: every event streamed, matching a reference parser",
        .enabled(if: Fixtures.sharedPresent)
    )
    func filterLogEvents() throws {
        let path = Fixtures.shared("sdk/cwlogs/filter-log-events.json")
        let reference =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        let expected = reference["events"] as! [NSDictionary]
        let events = collectElements(try ByteReader(.file(path)), key: "events", bufferBytes: 4096)
        #expect(events.errors.isEmpty)
        #expect(events.texts.count == expected.count)
        let parsed = try events.texts.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! NSDictionary }
        #expect(parsed == expected)
    }
}
