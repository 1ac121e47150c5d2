// The top SQL statements behind the slowest endpoint (by p95), joined through the trace id.
//
//     swift run SlowestEndpointSQL [PATH...]   (default: fixtures/corpus/xray/jsonl)
import SiftKit

let arguments = Array(CommandLine.arguments.dropFirst())
let inputs = SiftInputs(arguments.isEmpty ? ["fixtures/corpus/xray/jsonl"] : arguments)

func report() {
    let endpoints = inputs.endpoints()
    guard let slowest = endpoints.table.rows.first,
          let method = slowest[1].stringValue, let route = slowest[2].stringValue else {
        print("no HTTP requests in the inputs")
        return
    }
    print("Slowest endpoint: \(method) \(route) (p95 \(TextTableFormatter.text(slowest[endpoints.table.columnIndex("p95_ms")!], .double(decimals: 3))) ms)\n")

    // Traces of that endpoint, from the assembled traces.
    let (traces, _) = inputs.traces()
    var perStatement: [String: (count: Int, totalMs: Double)] = [:]
    for trace in traces {
        guard let root = trace.roots.first.map({ trace.nodes[$0].span }), root.http?.method == method,
              root.route(templater: RouteTemplater(templates: [])) == route else { continue }
        for node in trace.nodes {
            guard let query = node.span.sql?.sanitizedQuery, let nanos = node.durationNanos else { continue }
            let statement = SQLFingerprint.fingerprint(query)
            perStatement[statement, default: (0, 0)].count += 1
            perStatement[statement, default: (0, 0)].totalMs += Double(nanos) / 1e6
        }
    }
    var table = Table(columns: [.init("statement", .string), .init("count", .integer), .init("total_ms", .double(decimals: 3))])
    for (statement, stats) in perStatement.sorted(by: { $0.value.totalMs > $1.value.totalMs }).prefix(5) {
        table.append([.string(statement), .integer(Int64(stats.count)), .double(stats.totalMs)])
    }
    print(table.rows.isEmpty ? "no SQL under this endpoint" : table.description)
}

report()
