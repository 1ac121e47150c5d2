import Foundation
import SiftTestSupport
import Testing
@testable import SiftQuery

/// Reports over the real SDK capture, computed with this module's aggregation core and compared
/// with truth.json. Documents are read with Foundation here (test only).
@Suite struct CaptureAggregationTests {
    static func documents() throws -> [[String: Any]] {
        let text = try String(contentsOfFile: Fixtures.shared("sdk/xray/segments.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    static func truth() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.shared.appendingPathComponent("sdk/truth.json"))) as! [String: Any]
    }

    static func latencyMs(_ doc: [String: Any]) -> Double? {
        guard let end = (doc["end_time"] as? NSNumber)?.doubleValue, let start = (doc["start_time"] as? NSNumber)?.doubleValue else { return nil }
        return (end - start) * 1000
    }

    @Test("Endpoint count, p50, p95, max and 4xx/5xx match truth.json", .enabled(if: Fixtures.sharedPresent))
    func endpoints() throws {
        var agg = GroupedAggregation<String>(measures: [
            Measure("count", .count), Measure("p50_ms", .pct(50)), Measure("p95_ms", .pct(95)), Measure("max_ms", .max),
            .counter("count_4xx", input: 1), .counter("count_5xx", input: 2),
        ])
        for doc in try Self.documents() where doc["in_progress"] as? Bool != true {
            guard let route = (doc["annotations"] as? [String: Any])?["route"] as? String,
                  let http = doc["http"] as? [String: Any], let latency = Self.latencyMs(doc) else { continue }
            let method = (http["request"] as? [String: Any])?["method"] as? String ?? ""
            let status = (http["response"] as? [String: Any])?["status"] as? Int ?? 0
            agg.add("\(method) \(route)", inputs: [latency, (400..<500).contains(status) ? 1 : 0, status >= 500 ? 1 : 0])
        }
        let rows = Dictionary(uniqueKeysWithValues: agg.rows().map { ($0.key, $0.values) })
        let truth = try Self.truth()["endpoints_xray"] as! [[String: Any]]
        #expect(rows.count == truth.count)
        for t in truth {
            let key = "\(t["method"] as! String) \(t["route"] as! String)"
            let got = try #require(rows[key], "missing \(key)")
            #expect(got[0] == (t["count"] as! Double), "\(key) count")
            for (i, field) in [(1, "p50_ms"), (2, "p95_ms"), (3, "max_ms")] {
                #expect(abs(got[i]! - (t[field] as! Double)) <= 0.0015, "\(key) \(field)")
            }
            #expect(got[4] == (t["count_4xx"] as! Double), "\(key) 4xx")
            #expect(got[5] == (t["count_5xx"] as! Double), "\(key) 5xx")
        }
    }

    @Test("SQL statements by fingerprint match truth.json counts and totals", .enabled(if: Fixtures.sharedPresent))
    func sqlStatements() throws {
        var agg = GroupedAggregation<String>(measures: [Measure("count", .count), Measure("total_ms", .sum)])
        func visit(_ node: [String: Any]) {
            if let query = (node["sql"] as? [String: Any])?["sanitized_query"] as? String, let latency = Self.latencyMs(node) {
                agg.add(SQLFingerprint.fingerprint(query), inputs: [latency])
            }
            for child in node["subsegments"] as? [[String: Any]] ?? [] { visit(child) }
        }
        for doc in try Self.documents() where doc["in_progress"] as? Bool != true { visit(doc) }
        let rows = Dictionary(uniqueKeysWithValues: agg.rows().map { ($0.key, $0.values) })
        let truth = try Self.truth()["sql_statements_by_total_time"] as! [[String: Any]]
        #expect(rows.count == truth.count)
        for t in truth {
            let key = SQLFingerprint.fingerprint(t["statement"] as! String)
            let got = try #require(rows[key], "missing \(key)")
            #expect(got[0] == (t["count"] as! Double), "\(key)")
            #expect(abs(got[1]! - (t["total_ms"] as! Double)) <= 1e-3 * max(t["total_ms"] as! Double, 1), "\(key)")
        }
        #expect(rows["SELECT key, href, media_type FROM item_assets WHERE item_pk = ? ORDER BY key"]?[0] == 5920)
    }
}
