import SiftBytes
import SiftFormats
import SiftJSON
import SiftModel
import SiftQuery

/// One row of `sift errors`: a route, kind and exception with how many traces and spans show it.
public struct ErrorStats: Sendable, Hashable {
    /// The request route of the traces (`METHOD /route`, or `(no request segment)`).
    public var route: String
    /// `fault`, `error` or `throttle`.
    public var kind: String
    /// The exception type (empty for a status-only row).
    public var exceptionType: String
    /// The first line of the message (or `HTTP <status>`).
    public var message: String
    /// Traces showing the row.
    public var traces: Int
    /// Flagged spans.
    public var spans: Int
    /// Up to three trace ids, sorted.
    public var exampleTraceIDs: [String]
}

/// `sift errors`: errors, faults and throttles by route, kind, exception type and message.
///
/// Every span with `fault`, `error` or `throttle` contributes, with each exception of its
/// `cause` (a `cause` that only names an exception recorded elsewhere in the trace adds nothing
/// new; a flagged span without a cause is listed under its HTTP status). `count` is the number
/// of traces showing the row, `spans` the number of flagged spans; messages are grouped by
/// their first line; routes come from each trace's request segment, joined across documents
/// and files. Default order: `count` descending.
public struct ErrorsReport: Report {
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

    /// What the report needs besides the inputs: the span filter (`--since`, `--until`,
    /// `--route`) and the route templates.
    public typealias Options = SpanSelection

    /// The options.
    public let options: Options

    /// Creates the report.
    public init(_ options: Options = Options()) { self.options = options }

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

    public var defaultOrder: ReportOrder? { ReportOrder(column: "count") }

    public func makePartial() -> Partial { Partial(options) }

    public func rows(from merged: inout Partial, _ diagnostics: inout Diagnostics, _ statistics: inout RunStatistics) -> [ErrorStats] {
        // One row per route and kind, on the aggregation core: `count` counts the row's
        // (trace, kind) occurrences, i.e. its traces; `spans` sums their span counts.
        struct RowKey: Hashable, Sendable {
            var route: String
            var kind: Kind
        }
        var rows = GroupedAggregation<RowKey>(measures: [Measure("count", .count), Measure("spans", .sum, input: 0)])
        var examples: [RowKey: [String]] = [:]
        for (occurrence, count) in merged.occurrences.sorted(by: { ($0.key.trace, $0.key.kind.type) < ($1.key.trace, $1.key.kind.type) }) {
            let route = merged.routes.routes[occurrence.trace] ?? "(no request segment)"
            if !options.filter.admits(route: route.split(separator: " ", maxSplits: 1).last.map(String.init) ?? route) { continue }
            let key = RowKey(route: route, kind: occurrence.kind)
            rows.add(key, inputs: [Double(count)])
            if examples[key, default: []].count < 3, let id = merged.traceIDs[occurrence.trace] { examples[key, default: []].append(id) }
        }
        return rows.rows().map { row in
            ErrorStats(
                route: row.key.route, kind: row.key.kind.kind, exceptionType: row.key.kind.type, message: row.key.kind.message,
                traces: Int(row.values[0] ?? 0), spans: Int(row.values[1] ?? 0), exampleTraceIDs: (examples[row.key] ?? []).sorted())
        }
    }

    public func table(_ rows: [ErrorStats], of merged: Partial) -> Table {
        var table = Table(columns: [
            .init("route", .string), .init("kind", .string), .init("exception_type", .string), .init("message", .string),
            .init("count", .integer), .init("spans", .integer), .init("example_trace_ids", .strings),
        ])
        for row in rows {
            table.append([
                .string(row.route), .string(row.kind), .string(row.exceptionType), .string(row.message),
                .integer(Int64(row.traces)), .integer(Int64(row.spans)), .strings(row.exampleTraceIDs),
            ])
        }
        return table
    }

    /// Per-input state: flagged (trace, kind, exception) occurrences and each trace's route.
    public struct Partial: ReportPartial {
        var occurrences: [Occurrence: Int] = [:]
        var traceIDs: [UInt64: String] = [:]
        var routes = TraceRouteTable()
        private let filter: SpanFilter
        private var resolver: RouteResolver
        private var interner = ByteInterner()

        init(_ selection: SpanSelection) {
            filter = selection.filter
            resolver = RouteResolver(templater: selection.templater)
        }

        public var demand: RecordDemand { .xrayDocuments }

        public mutating func xrayDocument(_ document: XRayDocument, _ diagnostics: inout Diagnostics) -> Bool {
            let nodes = document.nodes
            let trace = ByteInterner.hash(nodes[0].traceID)
            if nodes[0].isSegment, !nodes[0].httpMethod.isEmpty {
                if let start = nodes[0].startTime, !filter.admits(startSeconds: start) { return true }
                let route = resolver.route(of: nodes[0], &interner)
                routes.record(trace: trace, route: String(decoding: nodes[0].httpMethod, as: UTF8.self) + " " + interner.string(route))
            }
            for node in nodes where node.fault || node.error || node.throttle {
                let kinds = (node.fault ? ["fault"] : []) + (node.error ? ["error"] : []) + (node.throttle ? ["throttle"] : [])
                let exceptions = ErrorsReport.describe(node)
                if exceptions.isEmpty { continue }
                if traceIDs[trace] == nil { traceIDs[trace] = String(decoding: node.traceID, as: UTF8.self) }
                for kind in kinds {
                    for (type, message) in exceptions {
                        occurrences[Occurrence(trace: trace, kind: Kind(kind: kind, type: type, message: message)), default: 0] += 1
                    }
                }
            }
            return true
        }

        public mutating func finishInput(_ input: OpenedInput, records: Int, _ diagnostics: inout Diagnostics) {
            interner = ByteInterner()
            resolver = RouteResolver(templater: resolver.templater)
        }

        public mutating func merge(_ other: Partial, _ diagnostics: inout Diagnostics) {
            occurrences.merge(other.occurrences, uniquingKeysWith: +)
            traceIDs.merge(other.traceIDs) { a, _ in a }
            routes.merge(other.routes)
        }
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
