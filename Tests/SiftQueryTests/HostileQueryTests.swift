import SiftModel
import SiftQuery
import Testing

/// Data values and query shapes that used to trap or overflow the stack (issue 14): out-of-range
/// numbers give an absent value, deep queries a located syntax error.
@Suite struct HostileQueryTests {
    private static let row: [String: QueryValue] = [
        "w": .string("abc"), "huge": .number(1e30), "nan": .number(.nan), "inf": .number(.infinity),
        "@timestamp": .timestamp(1_700_000_123_456), "edge": .timestamp(Int64.min + 5),
    ]

    private func evaluate(_ expression: String) throws -> Table.Value {
        QueryPlan(try Query("fields \(expression) as v"), defaultColumns: []).run([Self.row]).rows[0][0]
    }

    static let cases: [(String, Table.Value)] = [
        ("fromMillis(99999999999999999999)", .null), ("fromMillis(-1e19)", .null), ("fromMillis(inf)", .null),
        ("fromMillis(nan)", .null), ("fromMillis(9223372036854)", .string("2262-04-11T23:47:16.854Z")),
        ("datefloor(fromMillis(1e19), 1h)", .null), ("dateceil(fromMillis(1e19), 1h)", .null),
        ("datefloor(huge, 1h)", .null), ("datefloor(@timestamp, 1e30)", .null), ("datefloor(@timestamp, 0.5)", .null),
        ("datefloor(edge, 10)", .null), ("bin(1e30)", .null), ("bin(0.25)", .null),
        ("substr(w, 1e30)", .string("")), ("substr(w, -1e30)", .string("abc")), ("substr(w, 1, 1e30)", .string("bc")),
        ("substr(w, 1, -1e30)", .string("")), ("substr(w, nan)", .null), ("substr(w, 0, nan)", .null),
        ("substr(w, inf)", .string("")), ("@timestamp + 1e30", .null), ("@timestamp - inf", .null),
        ("toMillis(huge)", .null),
    ]

    @Test("functions given out-of-range data values return absent (or clamp substr), never trap", arguments: cases)
    func outOfRange(_ expression: String, _ expected: Table.Value) throws {
        #expect(try evaluate(expression) == expected, "\(expression)")
    }

    @Test("min and max over a field mixing timestamps and a huge number do not trap")
    func mixedTimestampMinMax() throws {
        let rows: [[String: QueryValue]] = [["t": .timestamp(1_700_000_000_000)], ["t": .number(1e30)]]
        let table = QueryPlan(try Query("stats min(t) as lo, max(t) as hi"), defaultColumns: []).run(rows)
        #expect(table.rows[0][0] == .string("2023-11-14T22:13:20.000Z"))
        #expect(table.rows[0][1] == .null)
    }

    @Test("huge literals in the query: a located error or a clamp, never a trap")
    func hugeLiterals() throws {
        #expect(throws: QuerySyntaxError.self) { try Query("filter duration > 1e30d") }
        #expect(try Query("limit 1e30").description == "limit(\(Int.max))")
        #expect(try Query("stats pct(x, 1e30)").description.contains("pct"))
        _ = QueryPlan(try Query("stats pct(x, 1e30)"), defaultColumns: []).run([["x": .number(1)]])
    }

    /// The deep queries by name (the names are the test arguments: the texts are too long to print).
    static let tooDeep: [String: (query: String, column: Int)] = [
        "10,000 nested parentheses": ("fields " + String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000), 208),
        "100,000 nots": ("filter " + String(repeating: "not ", count: 100_000) + "x", 808),
        "60,000 or terms": ("filter " + Array(repeating: "x=1", count: 60_000).joined(separator: " or "), 6998),
        "10,000 unary minus": ("fields " + String(repeating: "- ", count: 10_000) + "x", 408),
        "10,000 right-nested ^": ("fields " + Array(repeating: "2", count: 10_000).joined(separator: " ^ "), 810),
        "10,000 nested calls": ("fields " + String(repeating: "abs(", count: 10_000) + "1" + String(repeating: ")", count: 10_000), 811),
        "5,000 + terms in parentheses": ("fields (" + Array(repeating: "1", count: 5_000).joined(separator: " + ") + ")", 4007),
    ]

    @Test("queries nested beyond the limits are a located 'query too deeply nested' error", arguments: tooDeep.keys.sorted())
    func deeplyNested(_ name: String) throws {
        let (query, column) = try #require(Self.tooDeep[name])
        do {
            _ = try Query(query)
            Issue.record("\(name): parsed")
        } catch {
            #expect(error.expected.contains("query too deeply nested"), "\(name): \(error.expected)")
            #expect(error.column == column, "\(name): column \(error.column)")
        }
    }

    @Test("queries just within the limits parse, compile and evaluate")
    func withinLimits() throws {
        let rows: [[String: QueryValue]] = [["x": .number(3)], ["x": .number(4)]]
        let parens = "fields " + String(repeating: "(", count: 199) + "x" + String(repeating: ")", count: 199) + " as v"
        #expect(QueryPlan(try Query(parens), defaultColumns: []).run(rows).rows.count == 2)
        let chain = "filter " + Array(repeating: "x = 1", count: 990).joined(separator: " or ") + " or x = 4"
        #expect(QueryPlan(try Query(chain), defaultColumns: ["x"]).run(rows).rows == [[.integer(4)]])
        let nots = "filter " + String(repeating: "not ", count: 198) + "x = 3"
        #expect(QueryPlan(try Query(nots), defaultColumns: ["x"]).run(rows).rows == [[.integer(3)]])
    }
}
