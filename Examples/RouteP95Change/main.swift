// Which endpoint's p95 changed most between the first and the second half of the data?
//
//     swift run RouteP95Change [PATH...]      (default: fixtures/corpus/xray/jsonl)
import Foundation
import SiftKit

let arguments = Array(CommandLine.arguments.dropFirst())
let inputs = SiftInputs(arguments.isEmpty ? ["fixtures/corpus/xray/jsonl"] : arguments)

// The time range of the requests, from the traces' starts.
let starts = inputs.traces().compactMap(\.start)
guard let first = starts.min(), let last = starts.max(), first < last else {
    print("not enough requests to compare two periods")
    exit(0)
}
let middle = Timestamp(nanosecondsSinceEpoch: first.nanosecondsSinceEpoch + (last.nanosecondsSinceEpoch - first.nanosecondsSinceEpoch) / 2)

/// The endpoints of the requests that started in `since..<until`, keyed by method and route.
func endpoints(since: Timestamp?, until: Timestamp?) -> [String: EndpointStats] {
    var options = EndpointsReport.Options()
    options.filter.since = since
    options.filter.until = until
    return Dictionary(inputs.endpoints(options).map { ("\($0.method) \($0.route)", $0) }) { a, _ in a }
}
let before = endpoints(since: nil, until: middle)
let after = endpoints(since: middle, until: nil)

print("p95 before and after \(middle)")
let changes = before.compactMap { key, old in after[key].map { (key, old.p95Milliseconds, $0.p95Milliseconds) } }
for (endpoint, old, new) in changes.sorted(by: { abs($0.2 - $0.1) > abs($1.2 - $1.1) }) {
    let change = new - old
    print("\(endpoint): \(TextTableFormatter.fixed(old, decimals: 3)) ms -> \(TextTableFormatter.fixed(new, decimals: 3)) ms (\(change >= 0 ? "+" : "")\(TextTableFormatter.fixed(change, decimals: 3)))")
}
