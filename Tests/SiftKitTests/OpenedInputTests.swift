import Foundation
import SiftKit
import SiftTestSupport
import Testing

@Suite struct OpenedInputTests {
    private func page(_ trace: Int) -> String {
        let document = #"{"id":"a\#(trace)","trace_id":"1-00000000-\#(trace)","name":"svc","start_time":1,"end_time":2}"#
        let escaped = document.replacingOccurrences(of: "\"", with: "\\\"")
        return #"{"Traces":[{"Id":"1-00000000-\#(trace)","Segments":[{"Id":"a\#(trace)","Document":"\#(escaped)"}]}],"UnprocessedTraceIds":[]}"#
    }

    private func documents(in text: String) throws -> (framing: RecordFraming, format: InputFormat, ids: [String]) {
        let directory = try TempDir()
        let path = try directory.write("batch.json", text)
        let input = try OpenedInput.open(.file(path))
        var reader = XRayDocumentReader(input)
        var diagnostics = Diagnostics()
        var ids: [String] = []
        reader.forEachDocument(&diagnostics) { document, _, _ in
            let value = try? JSONValue.parse(document)
            ids.append(value?["id"]?.stringValue ?? "?")
            return true
        }
        return (input.framing, input.format, ids)
    }

    @Test("batch-get-traces pages one per line are framed as lines, pretty-printed ones as JSON values, with the same documents")
    func batchFraming() throws {
        let lines = try documents(in: page(1) + "\n" + page(2) + "\n")
        #expect(lines.format == .xrayBatchGetTraces)
        #expect(lines.framing == .lines)
        #expect(lines.ids == ["a1", "a2"])
        let pretty = try documents(in: page(1).replacingOccurrences(of: "{\"Traces\":", with: "{\n  \"Traces\":") + "\n" + page(2))
        #expect(pretty.framing == .values)
        #expect(pretty.ids == ["a1", "a2"])
    }

    @Test("A filter-log-events response larger than the record limit streams its events one by one")
    func streamedEvents() throws {
        let events = (0..<200).map { i in
            #"{"logStreamName":"s\#(i % 3)","timestamp":\#(1_700_000_000_000 + i),"message":"line \#(i) \"quoted\"","ingestionTime":1700000000999,"eventId":"e\#(i)"}"#
        }
        let text = "{\n  \"events\": [\n    " + events.joined(separator: ",\n    ") + "\n  ],\n  \"searchedLogStreams\": []\n}\n"
        #expect(text.utf8.count > 20_000)
        let directory = try TempDir()
        let path = try directory.write("events.json", text)
        func read(_ input: OpenedInput) -> (messages: [String], diagnostics: Diagnostics) {
            var reader = LogEventReader(
                input.stream, format: input.format, framing: input.framing, path: path, logGroup: nil, maxRecordBytes: input.maxRecordBytes)
            var diagnostics = Diagnostics()
            var messages: [String] = []
            reader.forEachEvent(&diagnostics) { event, _ in
                messages.append(String(decoding: event.message, as: UTF8.self))
                return true
            }
            return (messages, diagnostics)
        }
        let streamed = try OpenedInput.open(.file(path), maxRecordBytes: 1_000)
        #expect(streamed.format == .logEventsJSON)
        #expect(streamed.framing == .arrayElements(key: "events"))
        let (messages, diagnostics) = read(streamed)
        #expect(messages.count == 200)
        #expect(messages.last == "line 199 \"quoted\"")
        #expect(diagnostics.skippedCount == 0)
        // A forced format reads whole responses (any shape), so the limit applies to the document.
        let whole = try OpenedInput.open(.file(path), forcedFormat: .logEventsJSON, maxRecordBytes: 1 << 20)
        #expect(whole.framing == .values)
        #expect(read(whole).messages == messages)
    }
}
