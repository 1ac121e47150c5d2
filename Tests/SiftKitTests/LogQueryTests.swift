import SiftKit
import SiftTestSupport
import Testing

/// Queries over the bundled CloudWatch Logs export (an S3 export with EMF records and access logs).
@Suite struct LogQueryTests {
    static let logs = Fixtures.local("corpus/cwlogs")

    static func run(_ text: String) throws -> Table {
        try runReport(QueryReport(Query(text), QueryReport.Options()), RunOptions(paths: [logs], workers: 2)).table
    }

    @Test("the source follows the first input of a known format: an export's aws-logs-write-test probe sorting first is passed over")
    func probeFirst() throws {
        try TempDir.with { directory in
            try directory.write("exportedlogs/aws-logs-write-test", "Permission Check Successful")
            try directory.write(
                "exportedlogs/task-1/stream-a/000000",
                "2024-06-01T00:00:00.000Z INFO first\n2024-06-01T00:00:01.000Z ERROR second\n")
            let result = runReportResult(QueryReport(try Query("stats count(*) as n")), RunOptions(paths: [directory.path("exportedlogs")]))
            #expect(result.table.rows == [[.integer(2)]])
            #expect(result.outcome.diagnostics.ignoredByKind["S3 export permission probe"] == 1)
        }
    }

    @Test("the source follows the inputs: log rows, one per event (truth.json events)")
    func events() throws {
        let result = runReportResult(QueryReport(try Query("limit 1")), RunOptions(paths: [Self.logs]))
        #expect(result.table.columns.map(\.name) == QuerySource.logs.defaultColumns)
        #expect(try Self.run("stats count(*) as n").rows == [[.integer(775)]])
        let streams = try Self.run("stats count(*) as n by @logStream")
        #expect(streams.column("n")!.reduce(0) { $0 + $1.doubleValue! } == 775)
    }

    @Test("JSON messages flatten with dots and array indices; EMF latency percentiles per route per minute")
    func emfFlattening() throws {
        let namespaces = try Self.run("filter ispresent(_aws.Timestamp) | stats count(*) as n by _aws.CloudWatchMetrics.0.Namespace as ns")
        #expect(namespaces.column("n")!.reduce(0) { $0 + $1.doubleValue! } == 269)
        let latency = try Self.run("""
            filter ispresent(Latency) and ispresent(Route)
            | stats pct(Latency, 95) as p95, count(*) as n by Route, bin(1m) as minute
            | sort minute, Route
            """)
        #expect(!latency.rows.isEmpty)
        for row in latency.rows { #expect(row[1].stringValue!.hasSuffix(":00.000Z")) }
        let all = try Self.run("filter ispresent(Latency) and ispresent(Route) | stats max(Latency) as top, count(*) as n")
        #expect(latency.column("n")!.reduce(0) { $0 + $1.doubleValue! } == all.rows[0][1].doubleValue!)
        #expect(latency.column("p95")!.map { $0.doubleValue! }.max()! <= all.rows[0][0].doubleValue!)
    }

    @Test("parse with a regex over plain-text messages")
    func parseLevels() throws {
        let levels = try Self.run("parse @message /(?<level>INFO|WARNING|ERROR|DEBUG)/ | filter ispresent(level) | stats count(*) as n by level | sort n desc")
        #expect(levels.column("level")?.first == .string("INFO"))
    }
}

/// Metric rows from the EMF records in the bundled log export, against truth.json.
@Suite struct MetricQueryTests {
    @Test("count, sum, min and max per namespace, metric and dimension set equal truth.json emf.metrics")
    func emfTruth() throws {
        let truthData = try Fixtures.bytes(Fixtures.local("corpus/truth.json"))
        let truth = try JSONValue.parse(truthData.withUnsafeBytes { $0 })
        let metrics = truth["emf"]?["metrics"]?.arrayValue ?? []
        #expect(!metrics.isEmpty)
        let table = runReport(QueryReport(try Query("stats sum(count) as count, sum(value * count) as sum, min(value) as min, max(value) as max by namespace, metric, dimensions"), { var o = QueryReport.Options(); o.source = .metrics; return o }()), RunOptions(paths: [Fixtures.local("corpus/cwlogs")], workers: 2)).table
        var rows: [String: [Table.Value]] = [:]
        for row in table.rows { rows["\(row[0].stringValue!) \(row[1].stringValue!) \(row[2].stringValue!)"] = row }
        #expect(rows.count == metrics.count)
        for want in metrics {
            let key = "\(want["namespace"]!.stringValue!) \(want["metric"]!.stringValue!) \(want["dimensions"]!.stringValue!)"
            guard let got = rows[key] else {
                Issue.record("missing \(key)")
                continue
            }
            for (i, field) in ["count", "sum", "min", "max"].enumerated() {
                let expected = want[field]?.doubleValue ?? .nan
                #expect(abs((got[3 + i].doubleValue ?? .nan) - expected) < 1e-6, "\(key) \(field)")
            }
        }
    }
}
