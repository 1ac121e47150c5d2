import SiftModel
import SiftQuery
import Testing

/// One row with a few typed fields, evaluated through `fields <expr> as v`.
private let row: [String: QueryValue] = [
    "s": .string("  Hello World  "), "w": .string("abc"), "n": .number(-2.5), "i": .number(7), "z": .number(0),
    "t": .bool(true), "f": .bool(false), "num": .string("42"), "ip4": .string("10.1.2.3"), "ip6": .string("2001:db8::1"),
    "@timestamp": .timestamp(1_700_000_123_456), "json": .string("[1,\"a\",{\"k\":2}]"), "empty": .string(""),
]

private func evaluate(_ expression: String) throws -> Table.Value {
    let plan = QueryPlan(try Query("fields \(expression) as v"), defaultColumns: [])
    let table = plan.run([row])
    return table.rows[0][0]
}

@Suite struct QueryEvaluatorTests {
    static let cases: [(String, Table.Value)] = [
        // strings
        ("strlen(w)", .integer(3)), ("toupper(w)", .string("ABC")), ("tolower(\"AbC\")", .string("abc")),
        ("trim(s)", .string("Hello World")), ("ltrim(s)", .string("Hello World  ")), ("rtrim(s)", .string("  Hello World")),
        ("substr(w, 1)", .string("bc")), ("substr(w, 0, 2)", .string("ab")), ("substr(w, 5)", .string("")),
        ("replace(w, \"b\", \"XY\")", .string("aXYc")), ("concat(w, \"-\", i)", .string("abc-7")),
        ("strcontains(s, \"World\")", .bool(true)), ("strcontains(s, \"world\")", .bool(false)),
        ("isempty(empty)", .bool(true)), ("isempty(missing)", .bool(true)), ("isempty(w)", .bool(false)),
        ("isblank(\"  \")", .bool(true)), ("isblank(w)", .bool(false)),
        // numbers
        ("abs(n)", .double(2.5)), ("ceil(n)", .integer(-2)), ("floor(n)", .integer(-3)),
        ("greatest(i, n, 3)", .integer(7)), ("least(i, n, 3)", .double(-2.5)), ("sqrt(16)", .integer(4)),
        ("log(1)", .integer(0)), ("i + 1", .integer(8)), ("i - n", .double(9.5)), ("i * 2", .integer(14)),
        ("i / 2", .double(3.5)), ("i % 4", .integer(3)), ("2 ^ 10", .integer(1024)), ("i / z", .null),
        ("missing + 1", .null), ("-i", .integer(-7)), ("num + 1", .integer(43)),
        // comparisons and logic
        ("i = 7", .bool(true)), ("i != 7", .bool(false)), ("i > 6.5", .bool(true)), ("i <= 7", .bool(true)),
        ("i < n", .bool(false)), ("w >= \"abb\"", .bool(true)), ("num = 42", .bool(true)), ("num > 5", .bool(true)),
        ("missing = 1", .bool(false)), ("missing != 1", .bool(false)), ("missing < 1", .bool(false)),
        ("t and f", .bool(false)), ("t or f", .bool(true)), ("not f", .bool(true)), ("not missing", .bool(true)),
        ("w like \"b\"", .bool(true)), ("w like \"B\"", .bool(false)), ("w like /^a.c$/", .bool(true)),
        ("w like /B/i", .bool(true)), ("w not like /z/", .bool(true)), ("w =~ /b+c/", .bool(true)),
        ("w in [\"x\", \"abc\"]", .bool(true)), ("i in [1, 2]", .bool(false)), ("i not in [1, 2]", .bool(true)),
        ("missing in [1]", .bool(false)),
        // datetime
        ("bin(1m)", .string("2023-11-14T22:15:00.000Z")), ("bin(1h)", .string("2023-11-14T22:00:00.000Z")),
        ("datefloor(@timestamp, 1d)", .string("2023-11-14T00:00:00.000Z")),
        ("dateceil(@timestamp, 1d)", .string("2023-11-15T00:00:00.000Z")),
        ("toMillis(@timestamp)", .integer(1_700_000_123_456)), ("fromMillis(0)", .string("1970-01-01T00:00:00.000Z")),
        ("@timestamp + 1000", .string("2023-11-14T22:15:24.456Z")),
        // general
        ("ispresent(w)", .bool(true)), ("ispresent(missing)", .bool(false)), ("coalesce(missing, w)", .string("abc")),
        ("coalesce(missing, other)", .null),
        // IP
        ("isValidIp(ip4)", .bool(true)), ("isValidIp(ip6)", .bool(true)), ("isValidIp(\"1.2.3\")", .bool(false)),
        ("isValidIpV4(ip4)", .bool(true)), ("isValidIpV4(ip6)", .bool(false)), ("isValidIpV6(ip6)", .bool(true)),
        ("isValidIp(\"256.1.1.1\")", .bool(false)), ("isIpInSubnet(ip4, \"10.0.0.0/8\")", .bool(true)),
        ("isIpInSubnet(ip4, \"10.2.0.0/16\")", .bool(false)), ("isIpInSubnet(ip6, \"2001:db8::/32\")", .bool(true)),
        ("isIpv4InSubnet(ip6, \"2001:db8::/32\")", .bool(false)),
        // JSON
        ("jsonParse(\"{\\\"a\\\": 1}\")", .string("{\"a\": 1}")), ("jsonParse(\"{oops\")", .null),
        ("jsonStringify(w)", .string("\"abc\"")), ("jsonStringify(i)", .string("7")),
    ]

    @Test("functions and operators evaluate as documented", arguments: cases)
    func evaluates(_ expression: String, _ expected: Table.Value) throws {
        #expect(try evaluate(expression) == expected, "\(expression)")
    }

    static let events: [[String: QueryValue]] = (0..<12).map(event)

    static func event(_ i: Int) -> [String: QueryValue] {
        var fields: [String: QueryValue] = [:]
        fields["@timestamp"] = .timestamp(1_700_000_000_000 + Int64(i) * 60_000)
        fields["route"] = .string(i % 3 == 0 ? "/a" : "/b")
        fields["duration"] = .number(Double(i + 1))
        fields["status"] = .number(i % 4 == 0 ? 500 : 200)
        fields["@message"] = .string("user=u\(i % 2) took \(i + 1)ms items=[\(i),\(i + 1)]")
        return fields
    }

    private func run(_ text: String) throws -> Table {
        try QueryPlan(Query(text), defaultColumns: ["@timestamp", "@message"]).run(Self.events)
    }

    @Test("stats aggregates per group in first-seen order")
    func statsAggregates() throws {
        let table = try run("stats count(*) as n, sum(duration), avg(duration), min(duration), max(duration), pct(duration, 50), count_distinct(status) by route")
        #expect(table.columns.map(\.name) == ["route", "n", "sum(duration)", "avg(duration)", "min(duration)", "max(duration)", "pct(duration, 50)", "count_distinct(status)"])
        #expect(table.rows[0] == [.string("/a"), .integer(4), .integer(22), .double(5.5), .integer(1), .integer(10), .integer(4), .integer(2)])
        #expect(table.rows[1] == [.string("/b"), .integer(8), .integer(56), .double(7), .integer(2), .integer(12), .integer(6), .integer(2)])
    }

    @Test("several pct of one field, count(x) of text, and min/max of timestamps")
    func sharedInputs() throws {
        let table = try run("stats pct(duration, 25) as p25, pct(duration, 99) as p99, count(route) as present, min(@timestamp) as first, max(@timestamp) as last by route")
        // Route /a holds i = 0, 3, 6, 9: durations 1, 4, 7, 10.
        #expect(table.rows[0] == [
            .string("/a"), .integer(1), .integer(10), .integer(4), .string("2023-11-14T22:13:20.000Z"), .string("2023-11-14T22:22:20.000Z"),
        ])
    }

    @Test("earliest, latest, sortsFirst, sortsLast and stddev")
    func valueAggregates() throws {
        let table = try run("stats earliest(duration) as e, latest(duration) as l, sortsFirst(route) as f, sortsLast(route) as s, stddev(duration) as sd, count(missing) as c")
        #expect(table.rows[0][0...4] == [.integer(1), .integer(12), .string("/a"), .string("/b"), .double((143.0 / 12).squareRoot())])
        #expect(table.rows[0][5] == .integer(0))
    }

    @Test("bin buckets align to UTC multiples and empty buckets are absent")
    func binBuckets() throws {
        let table = try run("filter status = 500 | stats count(*) as errors by bin(5m) as t")
        // Events at 22:13:20 + i minutes; errors at i = 0, 4, 8.
        #expect(table.column("t") == [.string("2023-11-14T22:10:00.000Z"), .string("2023-11-14T22:15:00.000Z"), .string("2023-11-14T22:20:00.000Z")])
        #expect(table.column("errors") == [.integer(1), .integer(1), .integer(1)])
    }

    @Test("error rate per 5 minutes with arithmetic over aggregates")
    func errorRate() throws {
        let table = try run("stats sum(status >= 500) / count(*) * 100 as error_pct by bin(5m) | sort error_pct desc")
        #expect(table.columns.map(\.name) == ["bin(5m)", "error_pct"])
        // 22:10 holds i = 0...1 (one 500), 22:15 and 22:20 five events each with one 500.
        #expect(table.column("error_pct") == [.integer(50), .integer(20), .integer(20)])
    }

    @Test("sort, limit, dedup and a second stats stage")
    func pipeline() throws {
        #expect(try run("sort duration desc | limit 3 | fields duration").column("duration") == [.integer(12), .integer(11), .integer(10)])
        #expect(try run("dedup route | fields route").column("route") == [.string("/a"), .string("/b")])
        let twice = try run("stats count(*) as n by route, status | stats sum(n) as total, count(*) as combos")
        #expect(twice.rows == [[.integer(12), .integer(4)]])
    }

    @Test("absent sort keys go last in both directions")
    func sortMissing() throws {
        let rows: [[String: QueryValue]] = [["k": .number(2)], [:], ["k": .number(1)]]
        let plan = QueryPlan(try Query("sort k desc | fields k"), defaultColumns: [])
        #expect(plan.run(rows).column("k") == [.integer(2), .integer(1), .null])
        let asc = QueryPlan(try Query("sort k | fields k"), defaultColumns: [])
        #expect(asc.run(rows).column("k") == [.integer(1), .integer(2), .null])
    }

    @Test("parse with a glob and with named regex groups; unnest JSON arrays")
    func parseAndUnnest() throws {
        let glob = try run("parse @message \"user=* took *ms\" as user, ms | stats sum(ms) as total by user")
        #expect(glob.rows == [[.string("u0"), .integer(36)], [.string("u1"), .integer(42)]])
        let regex = try run("parse @message /took (?<ms>\\d+)ms items=(?<items>\\[.*\\])/ | filter ms > 10 | unnest items into item | fields item")
        #expect(regex.column("item") == [.integer(10), .integer(11), .integer(11), .integer(12)])
    }

    @Test("default display columns and unknown fields are absent, not errors")
    func defaults() throws {
        let table = try run("filter nosuch = 1 or duration = 1")
        #expect(table.columns.map(\.name) == ["@timestamp", "@message"])
        #expect(table.rows.count == 1)
        #expect(try run("fields nosuch").column("nosuch")?.allSatisfy { $0 == .null } == true)
    }
}

@Suite struct QueryRegexTests {
    static let cases: [(String, String, Bool)] = [
        ("a+b", "xaab", true), ("^ab", "xab", false), ("b$", "ab", true), ("a{2,3}", "a", false), ("a{2,3}", "aaa", true),
        ("[a-c]+x", "bcx", true), ("[^0-9]", "123", false), ("\\d+\\.\\d", "v1.2", true), ("(?i)hello", "HeLLo", true),
        ("colou?r", "color", true), ("(cat|dog)s", "dogs", true), ("\\bis\\b", "this is", true), ("\\bis\\b", "this", false),
        ("a.*?c", "abcbc", true), ("\\s\\S", " x", true), ("\\w+@\\w+", "me@host", true),
    ]

    @Test("matching", arguments: cases)
    func matching(_ pattern: String, _ text: String, _ expected: Bool) throws {
        #expect(try QueryRegex(pattern).matches(text) == expected)
    }

    @Test("named groups capture; lazy quantifiers take the shortest run")
    func captures() throws {
        let regex = try QueryRegex("(?<key>\\w+)=(?<value>.*?);")
        #expect(regex.namedCaptures("a=1;b=2;") == ["key": "a", "value": "1"])
    }

    @Test("a 60 KB message with like /.*ERROR/ and parse /(?<x>.*)ERROR/ (the backtracker overflowed the stack)")
    func longMessage() throws {
        let message = String(repeating: "GET /items 200 ", count: 4_000) + "ERROR"
        #expect(try QueryRegex(".*ERROR").matches(message))
        #expect(try QueryRegex("(?<x>.*)ERROR").namedCaptures(message)?["x"]?.utf8.count == 60_000)
    }
}
