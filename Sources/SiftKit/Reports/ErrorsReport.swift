import SiftBytes
import SiftFormats
import SiftJSON
import SiftModel
import SiftQuery

/// `sift errors`: errors, faults and throttles by route, kind, exception type and message.
///
/// Every span with `fault`, `error` or `throttle` contributes, with each exception of its
/// `cause` (a `cause` that only names an exception recorded elsewhere in the trace adds nothing
/// new; a flagged span without a cause is listed under its HTTP status). `count` is the number
/// of traces showing the row, `spans` the number of flagged spans; messages are grouped by
/// their first line; routes come from each trace's
/// request segment, joined across documents and files.
public enum ErrorsReport {
    /// A row's identity, without the route.
    struct Kind: Hashable, Sendable {
        var kind: String
        var type: String
        var message: String
    }

    struct Occurrence: Hashable, Sendable {
        var trace: UInt64
        var kind: Kind
    }

    /// One input's partial result.
    public struct Partial: Sendable {
        var occurrences: [Occurrence: Int] = [:]
        var traceIDs: [UInt64: String] = [:]
        var routes = TraceRouteTable()
    }

    /// The nearest Logs Insights query over span rows, for `--explain`.
    ///
    /// It is not row-for-row equal to the report: the query groups by the span's own route and
    /// first exception, while the report joins each trace to its request route and counts every
    /// exception of the cause under each of the span's kinds.
    public static let explanation = """
        filter fault or error or throttle
        | stats count_distinct(trace_id) as count, count(*) as spans
          by route, kind, exception.type as exception_type, exception.message as message
        | sort count desc
        """

    /// Runs the report.
    public static func run(_ run: RunOptions, filter: SpanFilter, routeTemplates: [String] = []) -> (table: Table, run: InputRun<Int>) {
        let templater = RouteTemplater(templates: routeTemplates)
        let result = InputRunner.run(run) { input, diagnostics -> (state: Partial, records: Int) in
            var partial = Partial()
            var routes = RouteResolver(templater: templater)
            var interner = ByteInterner()
            let records = input.forEachXRayDocument(&diagnostics) { parser, _, _ in
                let nodes = parser.nodes
                let trace = ByteInterner.hash(nodes[0].traceID)
                if nodes[0].isSegment, !nodes[0].httpMethod.isEmpty {
                    if let start = nodes[0].startTime, !filter.admits(startSeconds: start) { return }
                    let route = routes.route(of: nodes[0], &interner)
                    partial.routes.record(trace: trace, route: String(decoding: nodes[0].httpMethod, as: UTF8.self) + " " + interner.string(route))
                }
                for node in nodes where node.fault || node.error || node.throttle {
                    let kinds = (node.fault ? ["fault"] : []) + (node.error ? ["error"] : []) + (node.throttle ? ["throttle"] : [])
                    let exceptions = describe(node)
                    if exceptions.isEmpty { continue }
                    if partial.traceIDs[trace] == nil { partial.traceIDs[trace] = String(decoding: node.traceID, as: UTF8.self) }
                    for kind in kinds {
                        for (type, message) in exceptions {
                            partial.occurrences[Occurrence(trace: trace, kind: Kind(kind: kind, type: type, message: message)), default: 0] += 1
                        }
                    }
                }
            }
            return (partial, records)
        }
        var total = Partial()
        for state in result.states {
            guard let state else { continue }
            total.occurrences.merge(state.occurrences, uniquingKeysWith: +)
            total.traceIDs.merge(state.traceIDs) { a, _ in a }
            total.routes.merge(state.routes)
        }
        // One row per route and kind, on the aggregation core: `count` counts the row's
        // (trace, kind) occurrences, i.e. its traces; `spans` sums their span counts.
        struct RowKey: Hashable, Sendable {
            var route: String
            var kind: Kind
        }
        var rows = GroupedAggregation<RowKey>(measures: [Measure("count", .count), Measure("spans", .sum, input: 0)])
        var examples: [RowKey: [String]] = [:]
        for (occurrence, count) in total.occurrences.sorted(by: { ($0.key.trace, $0.key.kind.type) < ($1.key.trace, $1.key.kind.type) }) {
            let route = total.routes.routes[occurrence.trace] ?? "(no request segment)"
            if !filter.admits(route: route.split(separator: " ", maxSplits: 1).last.map(String.init) ?? route) { continue }
            let key = RowKey(route: route, kind: occurrence.kind)
            rows.add(key, inputs: [Double(count)])
            if examples[key, default: []].count < 3, let id = total.traceIDs[occurrence.trace] { examples[key, default: []].append(id) }
        }
        var table = Table(columns: [
            .init("route", .string), .init("kind", .string), .init("exception_type", .string), .init("message", .string),
            .init("count", .integer), .init("spans", .integer), .init("example_trace_ids", .strings),
        ])
        for row in rows.rows() {
            let key = row.key
            table.append([
                .string(key.route), .string(key.kind.kind), .string(key.kind.type), .string(key.kind.message),
                .integer(Int64(row.values[0] ?? 0)), .integer(Int64(row.values[1] ?? 0)), .strings((examples[key] ?? []).sorted()),
            ])
        }
        return (table, result.mapStates { _ in 0 })
    }

    /// The first line of a message (tracebacks and SQL context follow on later lines), at most 300 characters.
    static func firstLine(_ message: String) -> String {
        let line = message.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: true).first.map(String.init) ?? ""
        return String(line.prefix(300))
    }

    /// The (type, message) pairs a flagged node reports: its cause's exceptions, or its HTTP
    /// status when it has no cause; empty when the cause only references another exception.
    static func describe(_ node: XRayNode) -> [(String, String)] {
        if !node.causeJSON.isEmpty, let cause = try? JSONValue.parse(node.causeJSON) {
            if case .string = cause { return [] }
            let exceptions = cause["exceptions"]?.arrayValue ?? []
            let described = exceptions.map { ($0["type"]?.stringValue ?? "", firstLine($0["message"]?.stringValue ?? "")) }
            if !described.isEmpty { return described }
        }
        return [("", node.httpStatus.map { "HTTP \($0)" } ?? "")]
    }
}
