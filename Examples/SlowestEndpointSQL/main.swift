// The top SQL statements behind the slowest endpoint (by p95), joined through the trace id.
//
//     swift run SlowestEndpointSQL [PATH...]   (default: fixtures/corpus/xray/jsonl)
import Foundation
import SiftKit

let arguments = Array(CommandLine.arguments.dropFirst())
let inputs = SiftInputs(arguments.isEmpty ? ["fixtures/corpus/xray/jsonl"] : arguments)

// Endpoints come sorted as `sift endpoints` prints them: slowest p95 first.
guard let slowest = inputs.endpoints().first else {
    print("no HTTP requests in the inputs")
    exit(0)
}
print("Slowest endpoint: \(slowest.method) \(slowest.route) (p95 \(TextTableFormatter.fixed(slowest.p95Milliseconds, decimals: 3)) ms)\n")

// Its traces, assembled; every SQL span under them, by statement fingerprint.
var perStatement: [String: (count: Int, totalMs: Double)] = [:]
for row in inputs.traces() where row.method == slowest.method && row.route == slowest.route {
    guard let trace = row.trace else { continue }
    for node in trace.nodes {
        guard let query = node.span.sql?.sanitizedQuery, let nanos = node.durationNanos else { continue }
        let statement = SQLFingerprint.fingerprint(query)
        perStatement[statement, default: (0, 0)].count += 1
        perStatement[statement, default: (0, 0)].totalMs += Double(nanos) / 1e6
    }
}
if perStatement.isEmpty { print("no SQL under this endpoint") }
for (statement, stats) in perStatement.sorted(by: { $0.value.totalMs > $1.value.totalMs }).prefix(5) {
    print("\(TextTableFormatter.fixed(stats.totalMs, decimals: 3)) ms in \(stats.count) calls: \(statement)")
}
