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

    @Test("no width, or a width the table fits in, leaves every cell whole")
    func unfitted() {
        let table = Self.detectLike
        let whole = TextTableFormatter.format(table)
        #expect(!whole.contains("…"))
        let natural = whole.split(separator: "\n").map(\.unicodeScalars.count).max()!
        #expect(TextTableFormatter.format(table, width: natural) == whole)
        #expect(TextTableFormatter.format(table, width: 1000) == whole)
    }

    @Test("fitting cuts the widest text column with … so every line fits the width", arguments: [60, 50, 44])
    func fitted(_ width: Int) {
        let text = TextTableFormatter.format(Self.detectLike, width: width)
        let lines = text.split(separator: "\n")
        #expect(lines.allSatisfy { $0.unicodeScalars.count <= width }, "\(text)")
        #expect(lines[1].unicodeScalars.count == width, "the rule is as wide as the line: \(text)")
        #expect(lines[2].hasPrefix("fixtures"))
        #expect(lines[2].contains("…  xray-jsonl"), "the path is cut and ends in …: \(text)")
        #expect(lines[2].contains("123456"), "numbers are never cut")
        #expect(lines[3].hasPrefix("a.gz "), "short cells are padded, not cut")
    }

    @Test("a cut cell keeps width−1 scalars and ends in …; numbers keep their width")
    func cutCell() {
        var table = Table(columns: [.init("sql", .string), .init("total_ms", .double(decimals: 3))])
        table.append([.string("SELECT * FROM items WHERE id = ?"), .double(1234567.25)])
        let lines = TextTableFormatter.format(table, width: 24).split(separator: "\n")
        #expect(lines[0] == "sql" + String(repeating: " ", count: 13) + "total_ms")
        #expect(lines[1] == "-----------  -----------")
        #expect(lines[2] == "SELECT * F…  1234567.250")
    }

    @Test("widest first: the longer of two text columns is cut down to the other before both shrink")
    func widestFirst() {
        var table = Table(columns: [.init("a", .string), .init("b", .string)])
        table.append([.string(String(repeating: "x", count: 40)), .string(String(repeating: "y", count: 20))])
        let lines = TextTableFormatter.format(table, width: 52).split(separator: "\n")
        #expect(lines[2] == String(repeating: "x", count: 29) + "…  " + String(repeating: "y", count: 20))
        let both = TextTableFormatter.format(table, width: 32).split(separator: "\n")
        #expect(both[2] == String(repeating: "x", count: 14) + "…  " + String(repeating: "y", count: 14) + "…")
    }

    @Test("columns are never cut below their header or the minimum width, even when the line stays too wide")
    func floors() {
        var table = Table(columns: [.init("example_trace_id", .string), .init("n", .integer), .init("sql", .string)])
        table.append([.string("1-6b05d2a4-bd4532e0d966da4a451f6cbc"), .integer(42), .string("SELECT 1 FROM dual WHERE x = ?")])
        let lines = TextTableFormatter.format(table, width: 10).split(separator: "\n")
        #expect(lines[0] == "example_trace_id   n  sql")
        #expect(lines[2] == "1-6b05d2a4-bd45…  42  SELECT …")
    }

    @Test("widths and cuts count Unicode scalars")
    func unicode() {
        var table = Table(columns: [.init("name", .string)])
        table.append([.string("ääääääääääää")])
        let lines = TextTableFormatter.format(table, width: 9).split(separator: "\n")
        #expect(lines[2] == "ääääääää…")
    }
}
