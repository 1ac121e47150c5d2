import Testing
import SiftKit
import SiftTestSupport

@Suite struct EndpointsReportTests {
    /// Compares endpoint rows with truth rows by method + route: counts exact, latencies to 1e-6 ms.
    func expectMatches(_ table: Table, _ truth: [[String: Any]], tolerance: Double, extraKeys: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) {
        let rows = Dictionary(table.records.map { ("\($0["method"]!.stringValue!) \($0["route"]!.stringValue!)", $0) }, uniquingKeysWith: { a, _ in a })
        #expect(!truth.isEmpty, sourceLocation: sourceLocation)
        for want in truth {
            let key = "\(want["method"] as! String) \(want["route"] as! String)"
            guard let got = rows[key] else {
                Issue.record("missing endpoint \(key)", sourceLocation: sourceLocation)
                continue
            }
            #expect(got["count"]?.doubleValue == (want["count"] as! Double), "\(key) count", sourceLocation: sourceLocation)
            for field in ["p50_ms", "p95_ms", "max_ms"] + extraKeys {
                guard let expected = want[field] as? Double else { continue }
                let actual = got[field]?.doubleValue ?? .nan
                #expect(abs(actual - expected) <= tolerance, "\(key) \(field): \(actual) vs \(expected)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test("Endpoints of the bundled corpus equal its truth.json exactly")
    func corpusTruth() throws {
        let truth = try TruthFile(Fixtures.local("corpus/truth.json"))
        let (table, run) = runReport(EndpointsReport(EndpointsReport.Options()), runOptions(Fixtures.local("corpus/xray/jsonl")))
        #expect(run.diagnostics.skippedCount == 0)
        expectMatches(table, truth.objects("xray", "endpoints"), tolerance: 1e-9, extraKeys: ["p99_ms"])
    }

    @Test("The daemon-UDP and batch-get-traces framings of the corpus give the same endpoints")
    func corpusFramings() throws {
        let truth = try TruthFile(Fixtures.local("corpus/truth.json"))
        let (udp, _) = runReport(EndpointsReport(EndpointsReport.Options()), runOptions(Fixtures.local("corpus/xray/udp")))
        expectMatches(udp, truth.objects("xray", "endpoints"), tolerance: 1e-9)
        let (batch, _) = runReport(EndpointsReport(EndpointsReport.Options()), runOptions(Fixtures.local("corpus/xray/batch")))
        expectMatches(batch, truth.objects("xray", "endpoints"), tolerance: 1e-9)
    }

    @Test("Endpoints from the SDK capture equal truth.json, from JSONL and from the daemon capture", .enabled(if: Fixtures.sharedPresent))
    func sdkTruth() throws {
        let truth = try TruthFile(Fixtures.shared("sdk/truth.json"))
        for file in ["sdk/xray/segments.jsonl", "sdk/xray/daemon-udp.capture"] {
            let (table, run) = runReport(EndpointsReport(EndpointsReport.Options()), runOptions(Fixtures.shared(file)))
            #expect(run.diagnostics.skippedCount == 0)
            expectMatches(table, truth.objects("endpoints_xray"), tolerance: 0.0015, extraKeys: ["count_4xx", "count_5xx"])
        }
    }

    @Test("One worker and two workers give identical tables")
    func workersAgree() throws {
        var one = runOptions(Fixtures.local("corpus/xray/jsonl"))
        one.workers = 1
        let (a, _) = runReport(EndpointsReport(EndpointsReport.Options()), one)
        let (b, _) = runReport(EndpointsReport(EndpointsReport.Options()), runOptions(Fixtures.local("corpus/xray/jsonl")))
        #expect(Set(a.rows.map { "\($0)" }) == Set(b.rows.map { "\($0)" }))
    }

    @Test("Filters: route glob, service and minimum duration")
    func filters() throws {
        var options = EndpointsReport.Options()
        options.filter.routeGlob = "/users*"
        let (table, _) = runReport(EndpointsReport(options), runOptions(Fixtures.local("corpus/xray/jsonl")))
        #expect(!table.rows.isEmpty)
        #expect(table.records.allSatisfy { $0["route"]!.stringValue!.hasPrefix("/users") })
        options = EndpointsReport.Options()
        options.filter.minDurationMilliseconds = 1e12
        let (none, _) = runReport(EndpointsReport(options), runOptions(Fixtures.local("corpus/xray/jsonl")))
        #expect(none.rows.isEmpty)
    }

    @Test("URL paths without a route annotation are templated")
    func urlTemplating() {
        #expect(RouteTemplater(templates: []).template(forPath: "/prod/products/SKU-79436") == "/prod/products/{id}")
        #expect(RouteTemplater(templates: []).template(forPath: "/v1/users/42") == "/v1/users/{id}")
    }
}
