import SiftBytes
import SiftFormats
import SiftJSON
import SiftModel
import SiftQuery

/// One row of `sift endpoints`: a service, HTTP method and route with its request count,
/// error counts and latency statistics.
///
/// Times are milliseconds as `Double`; percentiles are exact nearest rank up to 1,000,000
/// requests per row, then HdrHistogram with 3 significant digits (``isApproximate``).
public struct EndpointStats: Sendable, Hashable {
    /// The service (the segment's name).
    public var service: String
    /// The HTTP method.
    public var method: String
    /// The route template.
    public var route: String
    /// Requests.
    public var count: Int
    /// Requests answered 4xx (or flagged `error` without a status).
    public var count4xx: Int
    /// Requests answered 5xx (or flagged `fault` without a status).
    public var count5xx: Int
    /// Requests throttled (flagged `throttle`, or status 429).
    public var countThrottle: Int
    /// Median latency, ms.
    public var p50Milliseconds: Double
    /// 90th percentile latency, ms.
    public var p90Milliseconds: Double
    /// 95th percentile latency, ms.
    public var p95Milliseconds: Double
    /// 99th percentile latency, ms.
    public var p99Milliseconds: Double
    /// Slowest request, ms.
    public var maxMilliseconds: Double
    /// Mean latency, ms.
    public var meanMilliseconds: Double
    /// Total time of all requests, ms.
    public var totalMilliseconds: Double
    /// Whether a percentile came from the approximate histogram (over 1,000,000 requests).
    public var isApproximate: Bool
}

/// `sift endpoints`: latency and error counts per service, HTTP method and route, from X-Ray
/// segment documents.
///
/// A request is a top-level segment with an HTTP method that is not in progress. Its route is
/// the first of: an annotation `route`, `http_route` or `http.route`; `metadata.*["http.route"]`
/// (where the ADOT collector puts it); a template from `--routes`; the URL path auto-templated.
/// Rows aggregate on the shared core (``GroupedAggregation``) with exact nearest-rank
/// percentiles; only the segment of each document is parsed. Default order: `p95_ms` descending.
public struct EndpointsReport: Report {
    /// The grouping key.
    public struct Key: Hashable, Sendable {
        /// The service (segment name).
        public var service: String
        /// The HTTP method.
        public var method: String
        /// The route template.
        public var route: String
    }

    /// What the report needs besides the inputs: the span filter and the route templates.
    public typealias Options = SpanSelection

    /// The options.
    public let options: Options

    /// Creates the report.
    public init(_ options: Options = Options()) { self.options = options }

    /// The aggregate columns, in output order (after service, method, route).
    static let measures: [Measure] = [
        Measure("count", .count, input: 0),
        Measure.counter("count_4xx", input: 1),
        Measure.counter("count_5xx", input: 2),
        Measure.counter("count_throttle", input: 3),
        Measure("p50_ms", .pct(50), input: 0),
        Measure("p90_ms", .pct(90), input: 0),
        Measure("p95_ms", .pct(95), input: 0),
        Measure("p99_ms", .pct(99), input: 0),
        Measure("max_ms", .max, input: 0),
        Measure("mean_ms", .avg, input: 0),
        Measure("total_ms", .sum, input: 0),
    ]

    /// The equivalent Logs Insights query over span rows, for `--explain`.
    public static let explanation = """
        filter kind = "segment" and ispresent(http.method) and not in_progress
        | stats count(*) as count,
                sum((ispresent(http.status) and http.status >= 400 and http.status < 500) or (not ispresent(http.status) and error)) as count_4xx,
                sum(http.status >= 500 or (not ispresent(http.status) and fault)) as count_5xx,
                sum(throttle or http.status = 429) as count_throttle,
                pct(duration, 50) as p50_ms, pct(duration, 90) as p90_ms, pct(duration, 95) as p95_ms,
                pct(duration, 99) as p99_ms, max(duration) as max_ms, avg(duration) as mean_ms,
                sum(duration) as total_ms
          by service, http.method as method, route
        | sort p95_ms desc
        """

    public var defaultOrder: ReportOrder? { ReportOrder(column: "p95_ms") }

    public func makePartial() -> Partial { Partial(options) }

    public func rows(from merged: inout Partial, _ diagnostics: inout Diagnostics, _ statistics: inout RunStatistics) -> [EndpointStats] {
        let rows = merged.aggregation.rows().map { row in
            let v = row.values
            return EndpointStats(
                service: row.key.service, method: row.key.method, route: row.key.route, count: Int(v[0] ?? 0),
                count4xx: Int(v[1] ?? 0), count5xx: Int(v[2] ?? 0), countThrottle: Int(v[3] ?? 0),
                p50Milliseconds: v[4] ?? 0, p90Milliseconds: v[5] ?? 0, p95Milliseconds: v[6] ?? 0, p99Milliseconds: v[7] ?? 0,
                maxMilliseconds: v[8] ?? 0, meanMilliseconds: v[9] ?? 0, totalMilliseconds: v[10] ?? 0,
                isApproximate: row.isApproximate)
        }
        if rows.contains(where: \.isApproximate) {
            statistics.notes.append("percentiles of groups over 1,000,000 requests come from HdrHistogram (3 significant digits)")
        }
        return rows
    }

    public func table(_ rows: [EndpointStats], of merged: Partial) -> Table {
        var table = Table(columns: [
            .init("service", .string), .init("method", .string), .init("route", .string),
            .init("count", .integer), .init("count_4xx", .integer), .init("count_5xx", .integer),
            .init("count_throttle", .integer), .init("p50_ms", .double(decimals: 3)), .init("p90_ms", .double(decimals: 3)),
            .init("p95_ms", .double(decimals: 3)), .init("p99_ms", .double(decimals: 3)), .init("max_ms", .double(decimals: 3)),
            .init("mean_ms", .double(decimals: 3)), .init("total_ms", .double(decimals: 3)),
        ])
        for row in rows {
            table.append([
                .string(row.service), .string(row.method), .string(row.route), .integer(Int64(row.count)),
                .integer(Int64(row.count4xx)), .integer(Int64(row.count5xx)), .integer(Int64(row.countThrottle)),
                .double(row.p50Milliseconds), .double(row.p90Milliseconds), .double(row.p95Milliseconds),
                .double(row.p99Milliseconds), .double(row.maxMilliseconds), .double(row.meanMilliseconds),
                .double(row.totalMilliseconds),
            ])
        }
        return table
    }

    /// Per-input state: interned byte keys, so the hot path allocates nothing per document.
    public struct Partial: ReportPartial {
        var aggregation = GroupedAggregation<Key>(measures: EndpointsReport.measures)
        private let filter: SpanFilter
        private var interner = ByteInterner()
        /// The aggregation slot of each interned key, so rows skip hashing the string key.
        private var slots: [IDKey: Int] = [:]
        private var routes: RouteResolver

        init(_ selection: SpanSelection) {
            filter = selection.filter
            routes = RouteResolver(templater: selection.templater)
        }

        struct IDKey: Hashable {
            var service: Int32
            var method: Int32
            var route: Int32
        }

        public var demand: RecordDemand { .xrayDocuments }
        public var xrayParsing: XRayParsing { .segmentsOnly }

        public mutating func xrayDocument(_ document: XRayDocument, _ diagnostics: inout Diagnostics) -> Bool {
            add(document.nodes[0])
            return true
        }

        public mutating func finishInput(_ input: OpenedInput, records: Int, _ diagnostics: inout Diagnostics) {
            // Only the aggregation merges: free the per-input caches while other inputs are read.
            interner = ByteInterner()
            routes = RouteResolver(templater: routes.templater)
            slots = [:]
        }

        public mutating func merge(_ other: Partial, _ diagnostics: inout Diagnostics) {
            aggregation.merge(other.aggregation)
        }

        private mutating func add(_ node: XRayNode) {
            guard node.isSegment, !node.httpMethod.isEmpty, let duration = node.durationMilliseconds else { return }
            guard filter.admits(startSeconds: node.startTime!), filter.admits(durationMilliseconds: duration) else { return }
            let idKey = IDKey(service: interner.intern(node.name), method: interner.intern(node.httpMethod), route: routes.route(of: node, &interner))
            let slot: Int
            if let known = slots[idKey] {
                slot = known
            } else {
                let key = Key(service: interner.string(idKey.service), method: interner.string(idKey.method), route: interner.string(idKey.route))
                // -1 remembers a key that --service or --route rejects.
                slot = filter.admits(service: key.service) && filter.admits(route: key.route) ? aggregation.slot(for: key) : -1
                slots[idKey] = slot
            }
            guard slot >= 0 else { return }
            let status = node.httpStatus
            let is4xx = status.map { $0 >= 400 && $0 < 500 } ?? node.error
            let is5xx = status.map { $0 >= 500 } ?? node.fault
            let throttled = node.throttle || status == 429
            withUnsafeTemporaryAllocation(of: Double?.self, capacity: 4) { inputs in
                inputs.initialize(repeating: nil)
                inputs[0] = duration
                inputs[1] = is4xx ? 1 : 0
                inputs[2] = is5xx ? 1 : 0
                inputs[3] = throttled ? 1 : 0
                aggregation.add(toSlot: slot, UnsafeBufferPointer(inputs))
            }
        }
    }
}

/// The path part of a URL: after the scheme and host, before `?` or `#`.
public enum URLPath {
    /// The path of `url` (`/` when it has none), as a slice of `url`.
    public static func path(of url: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var start = 0
        let n = url.count
        // Skip "scheme://host".
        var i = 0
        while i + 2 < n {
            if url[i] == UInt8(ascii: ":") && url[i + 1] == UInt8(ascii: "/") && url[i + 2] == UInt8(ascii: "/") {
                var j = i + 3
                while j < n && url[j] != UInt8(ascii: "/") && url[j] != UInt8(ascii: "?") && url[j] != UInt8(ascii: "#") { j += 1 }
                start = j
                break
            }
            if url[i] == UInt8(ascii: "/") || url[i] == UInt8(ascii: "?") { break }
            i += 1
        }
        var end = start
        while end < n && url[end] != UInt8(ascii: "?") && url[end] != UInt8(ascii: "#") { end += 1 }
        if end == start {
            let slash: StaticString = "/"
            return UnsafeRawBufferPointer(start: slash.utf8Start, count: 1)
        }
        return UnsafeRawBufferPointer(rebasing: url[start..<end])
    }
}
