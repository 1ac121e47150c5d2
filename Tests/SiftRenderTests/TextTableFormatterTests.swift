import SiftModel
import SiftRender
import Testing

@Suite struct TextTableFormatterTests {
    /// A table like `sift detect`'s: a long path, a short text column, numbers, a reason last.
    static var detectLike: Table {
        var table = Table(columns: [
            .init("path", .string), .init("format", .string), .init("bytes", .integer), .init("reason", .string),
        ])
        table.append([.string("fixtures/corpus/xray/jsonl/segments-0001.jsonl"), .string("xray-jsonl"), .integer(123456), .string("json lines")])
        table.append([.string("a.gz"), .string("cwlogs-export"), .integer(7), .string("timestamp-prefixed lines")])
        return table
    }

    @Test("the text table: header, dashed rule, numbers right-aligned, lists and objects flattened")
    func exactText() {
        func spaces(_ n: Int) -> String { String(repeating: " ", count: n) }
        let expected: [String] = [
            "route" + spaces(12) + "count  p95_ms  ok     routes  dimensions",
            "---------------  -----  ------  -----  ------  ------------------------------------",
            "/items" + spaces(15) + "3  12.500  true   /a;/b   LogGroup=/ecs/api,Route=/,Method=GET",
            "say \"hi\", twice     -1   0.100  false" + spaces(10),
            spaces(47),
            "",
        ]
        let lines = RenderFixtures.mixed.description.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines == expected)
    }

    @Test("print(table) and string interpolation show the text table")
    func printShowsText() {
        let table = Self.detectLike
        #expect("\(table)" == TextTableFormatter.format(table))
        #expect(String(describing: table) == TableRenderer.string(table, as: .table))
    }
}
