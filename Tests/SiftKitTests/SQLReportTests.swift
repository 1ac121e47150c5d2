import Testing
import SiftKit
import SiftTestSupport

@Suite struct SQLReportTests {
    @Test("SQL of the bundled corpus equals its truth.json (counts exact, totals to 1e-6 ms)")
    func corpusTruth() throws {
        let truth = try TruthFile(Fixtures.local("corpus/truth.json"))
        let (table, _) = runReport(SQLReport(SQLReport.Options()), runOptions(Fixtures.local("corpus/xray/jsonl")))
        let got = folded(table.records.map { ($0["statement"]!.stringValue!, $0["count"]!.doubleValue!, $0["total_ms"]!.doubleValue!) })
        let want = folded(truth.objects("xray", "sql").map { ($0["query"] as! String, $0["count"] as! Double, $0["total_ms"] as! Double) })
        #expect(want.count > 5)
        #expect(Set(got.keys) == Set(want.keys))
        for (key, value) in want {
            #expect(got[key]?.count == value.count, "\(key)")
            #expect(abs((got[key]?.total ?? 0) - value.total) < 1e-6, "\(key)")
        }
    }

    @Test("SQL from the SDK capture equals truth.json; the nested psycopg2 calls are not counted twice", .enabled(if: Fixtures.sharedPresent))
    func sdkTruth() throws {
        let truth = try TruthFile(Fixtures.shared("sdk/truth.json"))
        let (table, run) = runReport(SQLReport(SQLReport.Options()), runOptions(Fixtures.shared("sdk/xray/segments.jsonl")))
        let got = folded(table.records.map { ($0["statement"]!.stringValue!, $0["count"]!.doubleValue!, $0["total_ms"]!.doubleValue!) })
        let want = folded(truth.objects("sql_statements_by_total_time").map { ($0["statement"] as! String, $0["count"] as! Double, $0["total_ms"] as! Double) })
        for (key, value) in want {
            #expect(got[key]?.count == value.count, "\(key)")
            #expect(abs((got[key]?.total ?? 0) - value.total) <= 1e-3 * max(1, value.total), "\(key)")
        }
        #expect(Double(run.diagnostics.notes.first { $0.key.hasPrefix("sql subsegments without query text") }?.value ?? 0)
            == truth.number("counts", "xray_sql_driver_subsegments_without_query"))
        // The item_assets query runs once per returned item: N+1.
        let assets = table.records.first { $0["statement"]!.stringValue!.contains("item_assets") }
        #expect(assets?["n_plus_one"] == .bool(true))
        #expect((assets?["max_per_trace"]?.doubleValue ?? 0) >= 10)
        #expect(assets?["routes"] == .strings(["GET /collections/{collection_id}/items"]))
    }
}
