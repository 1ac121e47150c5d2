import SiftModel
import SiftRender
import Testing

@Suite struct CSVWriterTests {
    @Test("every CSV line, the header's too, ends in LF and never CRLF")
    func lineEnding() {
        let csv = RenderFixtures.mixed.csv
        #expect(CSVWriter.lineEnding == "\n")
        #expect(!csv.utf8.contains(0x0D))
        #expect(csv.hasSuffix("\n"))
        #expect(csv.split(separator: "\n", omittingEmptySubsequences: false).count == 5)  // header, 3 rows, ""
    }

    @Test("the renderer writes the same CSV bytes as Table.csv")
    func rendererEqualsLibrary() {
        let table = RenderFixtures.mixed
        let rendered = RenderFixtures.written { TableRenderer.render(table, as: .csv, to: $0) }
        #expect(rendered == Array(table.csv.utf8))
        #expect(TableRenderer.string(table, as: .csv) == table.csv)
    }

    @Test("the exact CSV of a mixed table: quoting, lists, objects, full-precision doubles, nulls")
    func exactText() {
        #expect(RenderFixtures.mixed.csv == """
            route,count,p95_ms,ok,routes,dimensions
            /items,3,12.5,true,/a;/b,"LogGroup=/ecs/api,Route=/,Method=GET"
            "say ""hi"", twice",-1,0.1,false,,
            ,,,,,

            """)
    }

    @Test("fields holding a comma, quote, CR or LF are quoted, quotes doubled; others are not", arguments: [
        ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"x\"", "\"say \"\"x\"\"\""), ("a\nb", "\"a\nb\""),
        ("a\rb", "\"a\rb\""), ("a\r\nb", "\"a\r\nb\""), ("", ""), ("ünï ✓", "ünï ✓"),
    ])
    func quoting(_ text: String, _ expected: String) {
        #expect(CSVWriter.field(text) == expected)
        var bytes: [UInt8] = []
        CSVWriter.appendField(Array(text.utf8), to: &bytes)
        #expect(bytes == Array(expected.utf8))
    }

    @Test("line breaks in string cells show as \\n, tabs as spaces, as in the text table")
    func oneLineCells() {
        var table = Table(columns: [.init("message", .string)])
        table.append([.string("first\nsecond\tthird\r\nfourth")])
        #expect(table.csv == "message\nfirst\\nsecond third\\r\\nfourth\n")
    }

    @Test("text cells that start like a formula get an apostrophe; numeric text does not", arguments: [
        (#"=HYPERLINK("http://x","y")"#, #""'=HYPERLINK(""http://x"",""y"")""#), ("+1+cmd", "'+1+cmd"), ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "' =1"), ("\r=1", #"'\r=1"#), ("-3.5", "-3.5"), ("+1e5", "+1e5"), ("-", "'-"),
        ("a=1", "a=1"), ("", ""), ("plain", "plain"),
    ])
    func formulas(_ text: String, _ expected: String) {
        #expect(CSVWriter.field(CSVWriter.text(.string(text), .string)) == expected, "\(text)")
    }

    @Test("numeric cells never change; lists and objects are neutralised by their first text")
    func numericCells() {
        var table = Table(columns: [.init("n", .double(decimals: 3)), .init("i", .integer), .init("l", .strings), .init("o", .object)])
        table.append([.double(-3.5), .integer(-7), .strings(["=x", "y"]), .object([(key: "-k", value: .string("v"))])])
        #expect(table.csv == "n,i,l,o\n-3.5,-7,'=x;y,'-k=v\n")
    }
}
