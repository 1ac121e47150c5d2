import SiftModel
import SiftRender
import Testing

@Suite struct JSONLinesWriterTests {
    @Test("JSON Lines keep structure: objects as objects in member order, lists as arrays")
    func structure() {
        let lines = RenderFixtures.mixed.jsonLines.split(separator: "\n").map(String.init)
        #expect(lines == [
            #"{"route":"/items","count":3,"p95_ms":12.5,"ok":true,"routes":["/a","/b"],"dimensions":{"LogGroup":"/ecs/api","Route":"/","Method":"GET"}}"#,
            #"{"route":"say \"hi\", twice","count":-1,"p95_ms":0.1,"ok":false,"routes":[],"dimensions":{}}"#,
            #"{"route":null,"count":null,"p95_ms":null,"ok":null,"routes":null,"dimensions":null}"#,
        ])
    }

    @Test("nested values inside an object are written as JSON values, keys escaped")
    func nested() {
        var out: [UInt8] = []
        JSONLinesWriter.appendValue(.object([
            ("a\"b", .integer(1)), ("list", .strings(["x"])), ("inner", .object([("d", .double(2.5)), ("n", .null)])),
        ]), to: &out)
        #expect(String(decoding: out, as: UTF8.self) == #"{"a\"b":1,"list":["x"],"inner":{"d":2.5,"n":null}}"#)
    }

    @Test("the renderer writes the same JSON Lines as Table.jsonLines")
    func rendererEqualsLibrary() {
        let table = RenderFixtures.mixed
        #expect(RenderFixtures.written { TableRenderer.render(table, as: .json, to: $0) } == Array(table.jsonLines.utf8))
    }
}
