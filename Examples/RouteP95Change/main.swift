// Which route's p95 changed most between the first and the second hour of the data?
// (Data shorter than two hours is compared in 10-second buckets instead.)
//
//     swift run RouteP95Change [PATH...]      (default: fixtures/corpus/xray/jsonl)
import SiftKit

let arguments = Array(CommandLine.arguments.dropFirst())
let inputs = SiftInputs(arguments.isEmpty ? ["fixtures/corpus/xray/jsonl"] : arguments)

/// p95 per method, route and bucket of `period` (a query time span such as `1h`).
func p95(per period: String) throws(SiftInputs.Failure) -> Table {
    try inputs.query("""
        filter kind = "segment" and ispresent(http.method) and not in_progress
        | stats pct(duration, 95) as p95, count(*) as requests by http.method as method, route, bin(\(period)) as hour
        | sort hour
        """).table
}

func changes(_ hourly: Table) -> Table {
    // First and second hour per route.
    var byRoute: [String: [(hour: String, p95: Double)]] = [:]
    for row in hourly.rows {
        guard let method = row[0].stringValue, let route = row[1].stringValue, let hour = row[2].stringValue,
              let p95 = row[3].doubleValue else { continue }
        byRoute["\(method) \(route)", default: []].append((hour, p95))
    }
    var changes = Table(columns: [
        .init("route", .string), .init("first_hour", .string), .init("p95_first", .double(decimals: 3)),
        .init("p95_second", .double(decimals: 3)), .init("change_ms", .double(decimals: 3)),
    ])
    for (route, hours) in byRoute where hours.count >= 2 {
        changes.append([.string(route), .string(hours[0].hour), .double(hours[0].p95), .double(hours[1].p95), .double(hours[1].p95 - hours[0].p95)])
    }
    changes.rows.sort { abs($0[4].doubleValue!) > abs($1[4].doubleValue!) }
    return changes
}

do {
    var table = changes(try p95(per: "1h"))
    if table.rows.isEmpty {
        print("(less than two hours of data: comparing the first two 10-second buckets of each route)")
        table = changes(try p95(per: "10s"))
    }
    print(table)
} catch {
    print(error)
}
