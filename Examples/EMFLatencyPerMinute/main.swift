// EMF latency percentiles per route per minute, from the metrics embedded in log events.
//
//     swift run EMFLatencyPerMinute [PATH...]  (default: fixtures/corpus/cwlogs)
import SiftKit

let arguments = Array(CommandLine.arguments.dropFirst())
let inputs = SiftInputs(arguments.isEmpty ? ["fixtures/corpus/cwlogs"] : arguments)

do {
    let result = try inputs.query("""
        filter ispresent(_aws.Timestamp) and ispresent(Latency)
        | stats count(*) as n, pct(Latency, 50) as p50, pct(Latency, 95) as p95, max(Latency) as max
          by Route, bin(1m) as minute
        | sort minute, Route
        | limit 20
        """, source: .logs)
    print(result.table)
    if let skipped = result.diagnostics.summaryLine { print(skipped) }
} catch {
    print(error)
}
