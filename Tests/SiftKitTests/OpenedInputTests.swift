import Foundation
import SiftKit
import Testing

@Suite struct OpenedInputTests {
    private func page(_ trace: Int) -> String {
        let document = #"{"id":"a\#(trace)","trace_id":"1-00000000-\#(trace)","name":"svc","start_time":1,"end_time":2}"#
        let escaped = document.replacingOccurrences(of: "\"", with: "\\\"")
        return #"{"Traces":[{"Id":"1-00000000-\#(trace)","Segments":[{"Id":"a\#(trace)","Document":"\#(escaped)"}]}],"UnprocessedTraceIds":[]}"#
    }

    private func documents(in text: String) throws -> (framing: RecordFraming, format: InputFormat, ids: [String]) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sift-batch-\(UUID().uuidString).json").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let input = try OpenedInput.open(.file(path))
        var reader = XRayDocumentReader(input)
        var diagnostics = Diagnostics()
        var ids: [String] = []
        reader.forEachDocument(&diagnostics) { document, _, _ in
            let value = try? JSONValue.parse(document)
            ids.append(value?["id"]?.stringValue ?? "?")
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
}
