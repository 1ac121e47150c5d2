// Routes that run one SQL statement many times per request (N+1 queries), worst first.
//
//     swift run NPlusOneRoutes [PATH...]   (default: fixtures/corpus/xray/jsonl)
import SiftKit

let arguments = Array(CommandLine.arguments.dropFirst())
let inputs = SiftInputs(arguments.isEmpty ? ["fixtures/corpus/xray/jsonl"] : arguments)

var options = SQLReport.Options()
options.nPlusOneThreshold = 5
let suspects = inputs.sql(options).filter(\.isNPlusOne).sorted { $0.maxPerTrace > $1.maxPerTrace }
if suspects.isEmpty { print("no statement runs \(options.nPlusOneThreshold) or more times in one trace") }
for statement in suspects {
    print("\(statement.maxPerTrace)x in one trace (\(statement.count) calls, \(TextTableFormatter.fixed(statement.totalMilliseconds, decimals: 1)) ms): \(statement.statement)")
    for route in statement.routes { print("    \(route)") }
    if let trace = statement.exampleTraceID { print("    e.g. sift trace \(trace)") }
}
