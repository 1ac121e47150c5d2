import SiftKit
import SiftTestSupport
import Testing

/// Each report's `--explain` query, run by the query engine, gives the report's table.
@Suite struct ReportEquivalenceTests {
    static func options(_ path: String) -> RunOptions { RunOptions(paths: [path], workers: 2) }

    /// Rows keyed by the first `keyColumns` cells, restricted to `columns`.
    static func keyed(_ table: Table, keyColumns: Int, columns: [String]) -> [String: [Table.Value]] {
        let indices = columns.map { table.columnIndex($0)! }
        var out: [String: [Table.Value]] = [:]
        for row in table.rows {
            let key = row[0..<keyColumns].map { TextTableFormatter.text($0, .string) }.joined(separator: " ")
            out[key] = indices.map { row[$0] }
        }
        return out
    }

    static func expectSame(_ report: Table, _ query: Table, keyColumns: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        let shared = query.columns.map(\.name)
        #expect(Array(report.columns.map(\.name).prefix(shared.count)) == shared, sourceLocation: sourceLocation)
        let want = keyed(report, keyColumns: keyColumns, columns: shared)
        let got = keyed(query, keyColumns: keyColumns, columns: shared)
        #expect(!want.isEmpty, sourceLocation: sourceLocation)
        #expect(Set(want.keys) == Set(got.keys), sourceLocation: sourceLocation)
        for (key, values) in want {
            guard let other = got[key] else { continue }
            for (i, (a, b)) in zip(values, other).enumerated() {
                // Reports give metric dimensions as objects, queries as their `k=v,...` text.
                let sameText = a.objectValue != nil && TextTableFormatter.text(a, .object) == b.stringValue
                let same = a == b || sameText || (a.doubleValue != nil && b.doubleValue != nil && abs(a.doubleValue! - b.doubleValue!) <= 1e-9)
                #expect(same, "\(key) \(shared[i]): report \(a), query \(b)", sourceLocation: sourceLocation)
            }
        }
    }

    static func endpoints(_ path: String) throws {
        let (report, _) = runReport(EndpointsReport(EndpointsReport.Options()), options(path))
        let (query, _) = try runReport(QueryReport(Query(EndpointsReport.explanation), QueryReport.Options()), options(path))
        expectSame(report, query, keyColumns: 3)
        // The query's sort is the report's default order.
        #expect(query.column("p95_ms") == report.column("p95_ms"))
    }

    static func sql(_ path: String) throws {
        let (report, _) = runReport(SQLReport(SQLReport.Options()), options(path))
        let (query, _) = try runReport(QueryReport(Query(SQLReport.explanation), QueryReport.Options()), options(path))
        expectSame(report, query, keyColumns: 2)
    }

    @Test("endpoints --explain equals the endpoints report on the corpus (jsonl, udp, batch)", arguments: ["jsonl", "udp", "batch"])
    func endpointsCorpus(_ framing: String) throws {
        try Self.endpoints(Fixtures.local("corpus/xray/\(framing)"))
    }

    @Test("endpoints and sql --explain equal their reports on OpenTelemetry spans (the SDK capture's OTLP flavour)",
          .enabled(if: Fixtures.sharedPresent))
    func openTelemetry() throws {
        try Self.endpoints(Fixtures.shared("sdk/otlp/traces.jsonl"))
        try Self.sql(Fixtures.shared("sdk/otlp/traces.jsonl"))
    }

    @Test("sql --explain equals the sql report on the corpus")
    func sqlCorpus() throws {
        try Self.sql(Fixtures.local("corpus/xray/jsonl"))
    }

    @Test("endpoints and sql --explain equal the reports on the SDK capture", .enabled(if: Fixtures.sharedPresent))
    func sdkCapture() throws {
        try Self.endpoints(Fixtures.shared("sdk/xray/segments.jsonl"))
        try Self.sql(Fixtures.shared("sdk/xray/segments.jsonl"))
    }

    @Test("every report's explanation parses")
    func explanationsParse() throws {
        for text in [EndpointsReport.explanation, SQLReport.explanation, ErrorsReport.explanation] {
            _ = try Query(text)
        }
    }
}

/// Queries over the bundled corpus with results checked against the reports and truth.json.
@Suite struct CorpusQueryTests {
    static let corpus = Fixtures.local("corpus/xray/jsonl")

    static func run(_ text: String, source: QuerySource? = nil) throws -> Table {
        var options = QueryReport.Options()
        options.source = source
        return try runReport(QueryReport(Query(text), options), RunOptions(paths: [corpus], workers: 2)).table
    }

    @Test("slowest endpoints: the top 3 by p95 are the report's top 3")
    func slowestEndpoints() throws {
        let table = try Self.run("""
            filter kind = "segment" and ispresent(http.method) and not in_progress
            | stats pct(duration, 95) as p95, count(*) as n by http.method as method, route, service
            | sort p95 desc
            | limit 3
            """)
        let (report, _) = runReport(EndpointsReport(EndpointsReport.Options()), RunOptions(paths: [Self.corpus], workers: 2))
        #expect(table.rows.count == 3)
        #expect(table.column("p95") == Array(report.column("p95_ms")!.prefix(3)))
        #expect(table.column("route") == Array(report.column("route")!.prefix(3)))
    }

    @Test("slowest SQL: total time per fingerprint matches the sql report")
    func slowestSQL() throws {
        let table = try Self.run("""
            filter ispresent(sql.fingerprint)
            | stats sum(duration) as total_ms, count(*) as calls by sql.fingerprint as statement
            | sort total_ms desc | limit 5
            """)
        let (report, _) = runReport(SQLReport(SQLReport.Options()), RunOptions(paths: [Self.corpus], workers: 2))
        var totals: [String: Double] = [:]
        for row in report.rows { totals[row[0].stringValue!, default: 0] += row[4].doubleValue! }
        let top = totals.sorted { $0.value > $1.value }.prefix(5)
        #expect(table.column("statement")?.map { $0.stringValue! } == top.map(\.key))
        for (row, expected) in zip(table.rows, top) { #expect(abs(row[1].doubleValue! - expected.value) < 1e-6) }
    }

    @Test("error rate per 5 minutes: buckets are UTC multiples of 5 minutes and rates sum to the totals")
    func errorRatePerFiveMinutes() throws {
        let table = try Self.run("""
            filter kind = "segment" and ispresent(http.method) and not in_progress
            | stats count(*) as requests, sum(fault) as faults, 100 * sum(fault) / count(*) as fault_pct by bin(5m) as bucket
            | sort bucket
            """)
        #expect(!table.rows.isEmpty)
        for row in table.rows {
            let bucket = row[0].stringValue!
            let minute = Int(bucket.dropFirst(14).prefix(2))!
            #expect(minute % 5 == 0 && bucket.hasSuffix(":00.000Z"), "\(bucket)")
            let requests = row[1].doubleValue!, faults = row[2].doubleValue!
            #expect(abs(row[3].doubleValue! - 100 * faults / requests) < 1e-9)
        }
        let (report, _) = runReport(EndpointsReport(EndpointsReport.Options()), RunOptions(paths: [Self.corpus], workers: 2))
        let reportRequests = report.column("count")!.reduce(0) { $0 + $1.doubleValue! }
        #expect(table.column("requests")!.reduce(0) { $0 + $1.doubleValue! } == reportRequests)
    }

    @Test("--source traces adds self and depth; roots have depth 0 and self <= duration")
    func assembled() throws {
        let table = try Self.run("filter depth = 0 | stats count(*) as roots, max(self) as max_self, count_distinct(trace_id) as traces", source: .traces)
        #expect(table.rows.count == 1)
        let total = try Self.run("stats count(*) as over by trace_id | filter over >= 1 | stats count(*) as traces", source: .spans)
        #expect(table.column("traces") == total.column("traces"))
        let bad = try Self.run("filter self > duration + 0.000001 | stats count(*) as n", source: .traces)
        #expect(bad.rows.isEmpty || bad.rows[0][0] == .integer(0))
    }
}

/// `metrics stats --explain`, run as a query over metric rows, gives the report's statistics.
@Suite struct MetricStatsEquivalenceTests {
    @Test("metrics stats --explain equals the report on the corpus EMF records")
    func corpus() throws {
        let run = RunOptions(paths: [Fixtures.local("corpus/cwlogs")], workers: 2)
        var options = MetricStatsReport.Options(namespace: "Shop/API", metric: "Latency")
        options.statistics = ["SampleCount", "Sum", "Average", "Minimum", "Maximum", "p50", "p95"]
        let report = runReportResult(MetricStatsReport(options), run).table
        var queryOptions = QueryReport.Options()
        queryOptions.source = .metrics
        let (query, _) = runReport(QueryReport(try Query(MetricStatsReport.explanation(options)), queryOptions), run)
        #expect(query.rows.count == report.rows.count)
        ReportEquivalenceTests.expectSame(report, query, keyColumns: 2)
    }
}
