// EMF latency percentiles per dimension set per minute, from the metrics embedded in log events.
//
//     swift run EMFLatencyPerMinute [PATH...]  (default: fixtures/corpus/cwlogs)
import Foundation
import SiftKit

let arguments = Array(CommandLine.arguments.dropFirst())
let inputs = SiftInputs(arguments.isEmpty ? ["fixtures/corpus/cwlogs"] : arguments)

// The busiest metric named Latency decides the namespace.
guard let latency = inputs.metrics().filter({ $0.metric == "Latency" }).max(by: { $0.count < $1.count }) else {
    print("no EMF Latency metric in the inputs")
    exit(0)
}
var options = MetricStatsReport.Options(namespace: latency.namespace, metric: "Latency")
options.periodSeconds = 60
options.statistics = ["SampleCount", "p50", "p95", "Maximum"]
print("\(latency.namespace) Latency (\(latency.unit)), per minute")
for row in inputs.metricStatistics(options).prefix(20) {
    func stat(_ name: String) -> String { (row.statistics[name] ?? nil).map { TextTableFormatter.fixed($0, decimals: 1) } ?? "-" }
    print("\(row.periodStart) \(row.dimensions): n=\(stat("SampleCount")) p50=\(stat("p50")) p95=\(stat("p95")) max=\(stat("Maximum"))")
}
