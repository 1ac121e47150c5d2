import Foundation
import SiftFormats
import SiftKit
import SiftModel
import SiftTestSupport
import Testing

@Suite struct EMFReportTests {
    @Test("corpus cwlogs: inventory equals truth.json emf, 267 valid and 5 invalid records")
    func corpusTruth() throws {
        let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Fixtures.local("corpus/truth.json")))) as! [String: Any]
        let emf = truth["emf"] as! [String: Any]
        let options = RunOptions(paths: [Fixtures.local("corpus/cwlogs")])
        let merged = runReportResult(MetricsInventoryReport(), options).merged.streams
        // truth.json names dimension sets as `k=v,...` text.
        let streams = Dictionary(uniqueKeysWithValues: merged.map { ("\($0.key.namespace)|\($0.key.metric)|\($0.key.dimensions.description)", $0.value) })
        let metrics = emf["metrics"] as! [[String: Any]]
        #expect(streams.count == metrics.count)
        for m in metrics {
            let key = "\(m["namespace"] as! String)|\(m["metric"] as! String)|\(m["dimensions"] as! String)"
            let s = try #require(streams[key], "\(key)")
            #expect(s.count == (m["count"] as! NSNumber).doubleValue)
            #expect(abs(s.sum - (m["sum"] as! NSNumber).doubleValue) < 1e-9 * max(1, abs(s.sum)))
            #expect(s.minimum == (m["min"] as! NSNumber).doubleValue)
            #expect(s.maximum == (m["max"] as! NSNumber).doubleValue)
        }
        let summary = runReportResult(EMFValidateReport(nowMillis: nil), options).merged.summary
        #expect(summary.validRecords == emf["records_valid"] as! Int)
        #expect(summary.invalidRecords == emf["records_invalid"] as! Int)
        #expect(!summary.violations.contains { $0.rule == .timestampWindow })
    }

    @Test("metric dimensions: k=v,... text, an ordered object for JSON, identity by the pairs")
    func metricDimensions() {
        let alone = MetricDimensions([(name: "Route", value: "/a,Method=GET")])
        let pair = MetricDimensions([(name: "Route", value: "/a"), (name: "Method", value: "GET")])
        #expect(alone.description == "Route=/a,Method=GET")
        #expect(pair.description == alone.description)
        #expect(pair != alone)
        #expect(Set([pair, alone]).count == 2)
        #expect(pair < alone && !(alone < pair))
        #expect(pair.tableValue == .object([(key: "Route", value: .string("/a")), (key: "Method", value: .string("GET"))]))
        #expect(MetricDimensions([MetricDimensions.Dimension]()).description == "")
    }

    @Test("--now moves the timestamp window", arguments: [(Int64(1_717_200_000_000), false), (Int64(1_800_000_000_000), true)])
    func window(now: Int64, expectViolation: Bool) {
        let summary = runReportResult(EMFValidateReport(nowMillis: now), RunOptions(paths: [Fixtures.local("corpus/cwlogs")])).merged.summary
        #expect(summary.violations.contains { $0.rule == .timestampWindow } == expectViolation)
    }

    @Test("public emf files decode; the malformed Powertools sample is reported", .enabled(if: Fixtures.sharedPresent))
    func publicFiles() throws {
        let dir = Fixtures.shared("public/emf")
        for name in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() {
            var options = RunOptions(paths: [dir + "/" + name])
            options.inputFormat = .emfJSON
            let summary = runReportResult(EMFValidateReport(nowMillis: nil), options).merged.summary
            #expect(summary.emfRecords == 1, "\(name)")
            if name == "powertools-ts-addMetadataLog.json" {
                #expect(summary.invalidRecords == 1)
                #expect(summary.violations.contains { $0.rule == .metricName })
            } else {
                #expect(summary.violations.isEmpty, "\(name): \(summary.violations)")
            }
        }
    }

    @Test("SDK capture: 1502 EMF records per export form; Latency per Route and Method equals endpoints_emf",
          .enabled(if: Fixtures.sharedPresent))
    func sdkTruth() throws {
        let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Fixtures.shared("sdk/truth.json")))) as! [String: Any]
        let expected = (truth["counts"] as! [String: Any])["emf_records"] as! Int
        for form in ["cwlogs/export", "cwlogs/firehose", "cwlogs/filter-log-events.json"] {
            let summary = runReportResult(EMFValidateReport(nowMillis: nil), RunOptions(paths: [Fixtures.shared("sdk/" + form)])).merged.summary
            #expect(summary.validRecords == expected, "\(form)")
        }
        var options = MetricStatsReport.Options(namespace: "", metric: "Latency")
        options.periodSeconds = 1 << 40
        options.statistics = ["SampleCount", "p50", "p95", "Maximum"]
        let inventory = runReportResult(MetricsInventoryReport(), RunOptions(paths: [Fixtures.shared("sdk/cwlogs/export")])).table
        let namespaceColumn = try #require(inventory.column("namespace"))
        let metricColumn = try #require(inventory.column("metric"))
        let namespace = try #require(zip(namespaceColumn, metricColumn).first { $0.1.stringValue == "Latency" }?.0.stringValue)
        options.namespace = namespace
        let groups = runReportResult(MetricStatsReport(options), RunOptions(paths: [Fixtures.shared("sdk/cwlogs/export")])).merged.groups
        var byEndpoint: [String: MetricStatsReport.Group] = [:]
        for (key, group) in groups {
            let dims = Dictionary(key.dimensions.pairs.map { ($0.name, $0.value) }) { a, _ in a }
            guard let route = dims["Route"], let method = dims["Method"] else { continue }
            byEndpoint[method + " " + route, default: MetricStatsReport.Group()].merge(group)
        }
        let endpoints = truth["endpoints_emf"] as! [[String: Any]]
        #expect(!byEndpoint.isEmpty)
        for e in endpoints {
            var g = try #require(byEndpoint["\(e["method"]!) \(e["route"]!)"], "\(e)")
            #expect(Int(g.count) == e["count"] as! Int)
            // truth.json rounds milliseconds to 3 decimals.
            func rounded(_ v: Double?) -> Double? { v.map { ($0 * 1000).rounded() / 1000 } }
            #expect(rounded(g.samples.percentile(50)) == (e["p50_ms"] as! NSNumber).doubleValue)
            #expect(rounded(g.samples.percentile(95)) == (e["p95_ms"] as! NSNumber).doubleValue)
            #expect(rounded(g.maximum) == (e["max_ms"] as! NSNumber).doubleValue)
        }
    }
}
