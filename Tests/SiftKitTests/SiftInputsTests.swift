import Foundation
import SiftKit
import SiftTestSupport
import Testing

@Suite struct SiftInputsTests {
    @Test("Metric samples of the bundled corpus equal truth.json per metric stream (count, sum)")
    func metricSamples() throws {
        let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Fixtures.local("corpus/truth.json")))) as! [String: Any]
        let metrics = (truth["emf"] as! [String: Any])["metrics"] as! [[String: Any]]
        let (samples, diagnostics) = SiftInputs([Fixtures.local("corpus/cwlogs")]).metricSamples()
        var streams: [String: (count: Double, sum: Double)] = [:]
        for sample in samples {
            let key = "\(sample.namespace)|\(sample.metric)|" + sample.dimensions.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
            guard case .samples(let values, let counts) = sample.values else { continue }
            var entry = streams[key] ?? (0, 0)
            for (value, count) in zip(values, counts) {
                entry.count += count
                entry.sum += value * count
            }
            streams[key] = entry
        }
        #expect(streams.count == metrics.count)
        for metric in metrics {
            let key = "\(metric["namespace"]!)|\(metric["metric"]!)|\(metric["dimensions"]!)"
            #expect(streams[key]?.count == metric["count"] as? Double, "\(key)")
            #expect(abs((streams[key]?.sum ?? 0) - (metric["sum"] as! Double)) < 1e-6, "\(key)")
        }
        #expect(diagnostics.notes["EMF records CloudWatch would drop (see sift emf validate)"] == 5)
    }

    @Test("Spans, traces, queries and reports from one SiftInputs agree")
    func spansAndQueries() throws {
        let inputs = SiftInputs([Fixtures.local("corpus/xray/jsonl")])
        let (spans, _) = inputs.spans()
        let traces = inputs.traces()
        #expect(Set(spans.map(\.traceID)).count == traces.count)
        #expect(traces.map(\.spans).reduce(0) { $0 + ($1 ?? 0) } >= spans.count - traces.count)
        let counted = try inputs.query("stats count(*) as n")
        #expect(counted.table.rows.first?.first?.doubleValue == Double(spans.count))
        let endpoints = inputs.endpoints()
        #expect(!endpoints.isEmpty)
        let table = inputs.run(EndpointsReport()).table
        #expect(table.jsonLines.split(separator: "\n").count == endpoints.count)
    }

    @Test("Table.csv, .jsonLines and print(table) equal what the sift CLI writes to a pipe, byte for byte")
    func libraryWritesWhatTheCLIWrites() throws {
        let path = Fixtures.local("corpus/xray/jsonl")
        let table = SiftInputs([path]).run(EndpointsReport()).table
        for (format, text) in [("csv", table.csv), ("json", table.jsonLines), ("table", "\(table)")] {
            let result = try SiftProcess.run(["endpoints", "--format", format, path])
            #expect(result.status == 0)
            #expect(result.stdoutBytes == Array(text.utf8), "--format \(format)")
        }
        #expect(!table.csv.contains("\r"))
    }

    @Test("typed rows come sorted as the CLI prints them: sql by total_ms, endpoints by p95_ms, traces by duration_ms")
    func typedRowsInCLIOrder() throws {
        let path = Fixtures.local("corpus/xray/jsonl")
        let inputs = SiftInputs([path])
        let sql = inputs.sql()
        #expect(sql.count > 1)
        #expect(sql.map(\.totalMilliseconds) == sql.map(\.totalMilliseconds).sorted(by: >))
        let cli = try SiftProcess.run(["sql", "--format", "json", path])
        let statements = cli.stdoutLines.compactMap { line -> String? in
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return object?["statement"] as? String
        }
        #expect(sql.map(\.statement) == statements)
        let endpoints = inputs.endpoints()
        #expect(endpoints.map(\.p95Milliseconds) == endpoints.map(\.p95Milliseconds).sorted(by: >))
        let traces = inputs.traces()
        #expect(traces.compactMap(\.durationMilliseconds) == traces.compactMap(\.durationMilliseconds).sorted(by: >))
        #expect(traces.allSatisfy { $0.trace?.traceID == $0.traceID })
    }
}
