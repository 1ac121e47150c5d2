import SiftBytes
import SiftFormats
import SiftJSON
import SiftModel
import SiftQuery

/// `sift endpoints`: latency and error counts per service, HTTP method and route, from X-Ray
/// segment documents.
///
/// A request is a top-level segment with an HTTP method that is not in progress. Its route is
/// the first of: an annotation `route`, `http_route` or `http.route`; `metadata.*["http.route"]`
/// (where the ADOT collector puts it); a template from `--routes`; the URL path auto-templated.
/// Rows aggregate on the shared core (``GroupedAggregation``) with exact nearest-rank
/// percentiles.
public enum EndpointsReport {
    /// The grouping key.
    public struct Key: Hashable, Sendable {
        /// The service (segment name).
        public var service: String
        /// The HTTP method.
        public var method: String
        /// The route template.
        public var route: String
    }

    /// What the report needs besides the inputs.
    public struct Options: Sendable {
        /// Filters.
        public var filter = SpanFilter()
        /// Route templates from `--routes FILE`.
        public var routeTemplates: [String] = []
        /// Sorting and limit.
        public var order = ReportOrder(column: "p95_ms")
        /// Creates default options.
        public init() {}
    }

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

    /// Runs the report.
    public static func run(_ run: RunOptions, _ options: Options) -> (table: Table, run: InputRun<GroupedAggregation<Key>>) {
        let templater = RouteTemplater(templates: options.routeTemplates)
        let filter = options.filter
        let result = InputRunner.run(run) { input, diagnostics in
            var accumulator = Accumulator(templater: templater, filter: filter)
            let records = accumulator.consume(input, &diagnostics)
            return (accumulator.aggregation, records)
        }
        var total = GroupedAggregation<Key>(measures: measures)
        for state in result.states { if let state { total.merge(state) } }
        var table = Table(columns: [
            .init("service", .string), .init("method", .string), .init("route", .string),
            .init("count", .integer), .init("count_4xx", .integer), .init("count_5xx", .integer),
            .init("count_throttle", .integer), .init("p50_ms", .double(decimals: 3)), .init("p90_ms", .double(decimals: 3)),
            .init("p95_ms", .double(decimals: 3)), .init("p99_ms", .double(decimals: 3)), .init("max_ms", .double(decimals: 3)),
            .init("mean_ms", .double(decimals: 3)), .init("total_ms", .double(decimals: 3)),
        ])
        for row in total.rows() {
            var values: [Table.Value] = [.string(row.key.service), .string(row.key.method), .string(row.key.route)]
            for (i, value) in row.values.enumerated() {
                guard let value else { values.append(.null); continue }
                values.append(i < 4 ? .integer(Int64(value)) : .double(value))
            }
            table.append(values)
        }
        var withStats = result
        if total.rows().contains(where: \.isApproximate) {
            withStats.statistics.notes.append("percentiles of groups over 1,000,000 requests come from HdrHistogram (3 significant digits)")
        }
        return (table, withStats)
    }

    /// Per-input state: interned byte keys, so the hot path allocates nothing per document.
    struct Accumulator {
        var aggregation = GroupedAggregation<Key>(measures: EndpointsReport.measures)
        let templater: RouteTemplater
        let filter: SpanFilter
        private var interner = ByteInterner()
        /// The aggregation slot of each interned key, so rows skip hashing the string key.
        private var slots: [IDKey: Int] = [:]
        private var routes: RouteResolver

        init(templater: RouteTemplater, filter: SpanFilter) {
            self.templater = templater
            self.filter = filter
            self.routes = RouteResolver(templater: templater)
        }

        struct IDKey: Hashable {
            var service: Int32
            var method: Int32
            var route: Int32
        }

        mutating func consume(_ input: OpenedInput, _ diagnostics: inout Diagnostics) -> Int {
            input.forEachXRayDocument(includeSubsegments: false, &diagnostics) { parser, _, _ in add(parser.nodes[0]) }
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
