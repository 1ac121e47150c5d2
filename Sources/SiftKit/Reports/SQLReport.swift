import SiftBytes
import SiftFormats
import SiftJSON
import SiftModel
import SiftQuery

/// One row of `sift sql`: a statement fingerprint on one database with its executions, time
/// and N+1 evidence. Times are milliseconds as `Double`.
public struct SQLStatementStats: Sendable, Hashable {
    /// The statement fingerprint (literals and placeholders as `?`).
    public var statement: String
    /// The database (name from the connection URL, else the database type).
    public var database: String
    /// Executions.
    public var count: Int
    /// Executions flagged fault or error.
    public var failed: Int
    /// Total time, ms.
    public var totalMilliseconds: Double
    /// Mean time, ms.
    public var meanMilliseconds: Double
    /// Median time, ms.
    public var p50Milliseconds: Double
    /// 95th percentile, ms.
    public var p95Milliseconds: Double
    /// 99th percentile, ms.
    public var p99Milliseconds: Double
    /// Slowest execution, ms.
    public var maxMilliseconds: Double
    /// Most executions in one trace.
    public var maxPerTrace: Int
    /// Whether ``maxPerTrace`` reaches the N+1 threshold.
    public var isNPlusOne: Bool
    /// The trace of the slowest execution.
    public var exampleTraceID: String?
    /// The request routes (`METHOD /route`) of the traces that ran it, sorted.
    public var routes: [String]
}

/// `sift sql`: time spent per SQL statement fingerprint, from X-Ray `sql` subsegments.
///
/// Every node with a `sql` object and query text counts once; a node with a `sql` object but no
/// text nested inside one with text (the psycopg2 `execute` subsegment under SQLAlchemy's) is
/// the same call seen by the driver and is not counted again. Statements are fingerprinted
/// (literals and placeholders become `?`, IN-lists collapse). Per trace, the report counts how
/// often each statement ran, for `max_per_trace` and N+1 detection, and joins each trace to its
/// request route. Default order: `total_ms` descending.
public struct SQLReport: Report {
    /// The grouping key.
    public struct Key: Hashable, Sendable {
        /// The statement fingerprint.
        public var statement: String
        /// The database (name from the connection URL, else the database type).
        public var database: String
    }

    /// What the report needs besides the inputs.
    public struct Options: Sendable, SpanSelecting {
        /// Filters (time window, service of the enclosing segment, duration) and route templates
        /// for traces whose segment has no route annotation.
        public var selection = SpanSelection()
        /// A statement running at least this many times in one trace is flagged `n_plus_one`.
        public var nPlusOneThreshold = 10
        /// Creates default options.
        public init() {}
    }

    /// The options.
    public let options: Options

    /// Creates the report.
    public init(_ options: Options = Options()) { self.options = options }

    static let measures: [Measure] = [
        Measure("count", .count, input: 0),
        Measure.counter("failed", input: 1),
        Measure("total_ms", .sum, input: 0),
        Measure("mean_ms", .avg, input: 0),
        Measure("p50_ms", .pct(50), input: 0),
        Measure("p95_ms", .pct(95), input: 0),
        Measure("p99_ms", .pct(99), input: 0),
        Measure("max_ms", .max, input: 0),
    ]

    /// The equivalent Logs Insights query over span rows, for `--explain`.
    public static let explanation = """
        filter ispresent(sql.query) and not in_progress
        | stats count(*) as count, sum(fault or error) as failed, sum(duration) as total_ms, avg(duration) as mean_ms,
                pct(duration, 50) as p50_ms, pct(duration, 95) as p95_ms, pct(duration, 99) as p99_ms,
                max(duration) as max_ms
          by sql.fingerprint as statement, sql.database as database
        | sort total_ms desc
        """

    public var defaultOrder: ReportOrder? { ReportOrder(column: "total_ms") }

    public func makePartial() -> Partial { Partial(options.selection) }

    /// What merges across inputs.
    struct Totals: Sendable {
        var aggregation = GroupedAggregation<Key>(measures: SQLReport.measures)
        /// Executions per (trace, statement index into `statementKeys`).
        var perTrace = TraceStatementCounts()
        /// The key of each statement index used in `perTrace`.
        var statementKeys: [Key] = []
        /// The index of each key in `statementKeys`.
        var statementIndex: [Key: Int32] = [:]
        var routes = TraceRouteTable()
        var slowest: [Key: (ms: Double, trace: String)] = [:]
        var driverCallsWithoutText = 0

        mutating func merge(_ other: Totals) {
            aggregation.merge(other.aggregation)
            let global = other.statementKeys.map { key in
                if let known = statementIndex[key] { return known }
                let index = Int32(statementKeys.count)
                statementKeys.append(key)
                statementIndex[key] = index
                return index
            }
            other.perTrace.forEach { trace, statement, count in
                perTrace.add(trace: trace, statement: global[Int(statement)], count)
            }
            routes.merge(other.routes)
            for (key, candidate) in other.slowest where candidate.ms > (slowest[key]?.ms ?? -.infinity) {
                slowest[key] = candidate
            }
            driverCallsWithoutText += other.driverCallsWithoutText
        }
    }

    public func rows(from merged: inout Partial, _ diagnostics: inout Diagnostics, _ statistics: inout RunStatistics) -> [SQLStatementStats] {
        var total = merged.totals
        var maxPerTrace = [Int32](repeating: 0, count: total.statementKeys.count)
        var routes = [Set<String>](repeating: [], count: total.statementKeys.count)
        total.perTrace.forEach { trace, statement, count in
            let index = Int(statement)
            maxPerTrace[index] = max(maxPerTrace[index], count)
            if let route = total.routes.routes[trace] { routes[index].insert(route) }
        }
        let rows = total.aggregation.rows().map { row in
            let v = row.values
            let index = total.statementIndex[row.key].map { Int($0) }
            let perTrace = Int(index.map { maxPerTrace[$0] } ?? 0)
            return SQLStatementStats(
                statement: row.key.statement, database: row.key.database, count: Int(v[0] ?? 0), failed: Int(v[1] ?? 0),
                totalMilliseconds: v[2] ?? 0, meanMilliseconds: v[3] ?? 0, p50Milliseconds: v[4] ?? 0,
                p95Milliseconds: v[5] ?? 0, p99Milliseconds: v[6] ?? 0, maxMilliseconds: v[7] ?? 0,
                maxPerTrace: perTrace, isNPlusOne: perTrace >= options.nPlusOneThreshold,
                exampleTraceID: total.slowest[row.key]?.trace, routes: (index.map { routes[$0] } ?? []).sorted())
        }
        if total.driverCallsWithoutText > 0 {
            diagnostics.note("sql subsegments without query text (driver calls inside a statement; not counted)", count: total.driverCallsWithoutText)
        }
        return rows
    }

    public func table(_ rows: [SQLStatementStats], of merged: Partial) -> Table {
        var table = Table(columns: [
            .init("statement", .string), .init("database", .string), .init("count", .integer), .init("failed", .integer),
            .init("total_ms", .double(decimals: 3)), .init("mean_ms", .double(decimals: 3)), .init("p50_ms", .double(decimals: 3)),
            .init("p95_ms", .double(decimals: 3)), .init("p99_ms", .double(decimals: 3)), .init("max_ms", .double(decimals: 3)),
            .init("max_per_trace", .integer), .init("n_plus_one", .bool), .init("example_trace_id", .string), .init("routes", .strings),
        ])
        for row in rows {
            table.append([
                .string(row.statement), .string(row.database), .integer(Int64(row.count)), .integer(Int64(row.failed)),
                .double(row.totalMilliseconds), .double(row.meanMilliseconds), .double(row.p50Milliseconds),
                .double(row.p95Milliseconds), .double(row.p99Milliseconds), .double(row.maxMilliseconds),
                .integer(Int64(row.maxPerTrace)), .bool(row.isNPlusOne), row.exampleTraceID.map { .string($0) } ?? .null,
                .strings(row.routes),
            ])
        }
        return table
    }

    /// Per-input state: statements interned as bytes and fingerprinted once per distinct text.
    public struct Partial: ReportPartial {
        fileprivate(set) var totals = Totals()
        private let filter: SpanFilter
        private var interner = ByteInterner()
        private var routes: RouteResolver
        /// The aggregation slot of each interned (query, database), so rows skip hashing strings.
        private var slots: [LocalStatement: Int] = [:]
        /// The key of each slot, and the slowest execution seen in it.
        private var slotKeys: [Key] = []
        private var slowest: [(ms: Double, trace: String)] = []
        private var routeNames: [LocalStatement: String] = [:]

        struct LocalStatement: Hashable {
            var query: Int32
            var database: Int32
        }

        init(_ selection: SpanSelection) {
            filter = selection.filter
            routes = RouteResolver(templater: selection.templater)
        }

        public var demand: RecordDemand { .xrayDocuments }
        public var xrayParsing: XRayParsing { .sqlFields }

        public mutating func xrayDocument(_ document: XRayDocument, _ diagnostics: inout Diagnostics) -> Bool {
            add(document.nodes)
            return true
        }

        public mutating func finishInput(_ input: OpenedInput, records: Int, _ diagnostics: inout Diagnostics) {
            totals.statementKeys = slotKeys
            for (slot, key) in slotKeys.enumerated() {
                totals.statementIndex[key] = Int32(slot)
                if slowest[slot].ms > -.infinity { totals.slowest[key] = slowest[slot] }
            }
            // Only the totals merge: free the per-input caches while other inputs are read.
            interner = ByteInterner()
            routes = RouteResolver(templater: routes.templater)
            slots = [:]
            slotKeys = []
            slowest = []
            routeNames = [:]
        }

        public mutating func merge(_ other: Partial, _ diagnostics: inout Diagnostics) {
            totals.merge(other.totals)
        }

        /// The aggregation slot of a statement, fingerprinting its text the first time.
        private mutating func slot(query: Int32, database: Int32) -> Int {
            let local = LocalStatement(query: query, database: database)
            if let slot = slots[local] { return slot }
            let key = Key(statement: SQLFingerprint.fingerprint(interner.string(query)), database: interner.string(database))
            let slot = totals.aggregation.slot(for: key)
            if slot == slotKeys.count {
                slotKeys.append(key)
                slowest.append((-.infinity, ""))
            }
            slots[local] = slot
            return slot
        }

        private mutating func add(_ nodes: [XRayNode]) {
            if nodes[0].inProgress { return }
            let trace = ByteInterner.hash(nodes[0].traceID)
            if nodes[0].isSegment, !nodes[0].httpMethod.isEmpty {
                let method = interner.intern(nodes[0].httpMethod)
                let route = routes.route(of: nodes[0], &interner)
                let pair = LocalStatement(query: method, database: route)
                let name = routeNames[pair] ?? (interner.string(method) + " " + interner.string(route))
                routeNames[pair] = name
                totals.routes.record(trace: trace, route: name)
            }
            if nodes[0].isSegment, !filter.services.isEmpty, !filter.admits(service: String(decoding: nodes[0].name, as: UTF8.self)) { return }
            // Read the nodes in place: a copied `XRayNode` is about 600 bytes.
            nodes.withUnsafeBufferPointer { nodes in
                for i in nodes.indices where nodes[i].hasSQL {
                    addStatement(nodes.baseAddress! + i, trace: trace)
                }
            }
        }

        /// Counts one `sql` node; the pointer is valid during the call.
        private mutating func addStatement(_ pointer: UnsafePointer<XRayNode>, trace: UInt64) {
            let node = pointer
            guard !node.pointee.sqlQuery.isEmpty else {
                totals.driverCallsWithoutText += 1
                return
            }
            guard let duration = node.pointee.durationMilliseconds, let start = node.pointee.startTime else { return }
            guard filter.admits(startSeconds: start), filter.admits(durationMilliseconds: duration) else { return }
            let slot = slot(query: interner.intern(node.pointee.sqlQuery), database: interner.intern(Partial.databaseName(pointer)))
            let failed = node.pointee.fault || node.pointee.error
            withUnsafeTemporaryAllocation(of: Double?.self, capacity: 2) { inputs in
                inputs.initialize(repeating: nil)
                inputs[0] = duration
                inputs[1] = failed ? 1 : 0
                totals.aggregation.add(toSlot: slot, UnsafeBufferPointer(inputs))
            }
            totals.perTrace.add(trace: trace, statement: Int32(slot))
            if duration > slowest[slot].ms {
                slowest[slot] = (duration, String(decoding: node.pointee.traceID, as: UTF8.self))
            }
        }

        /// The database name: the last path segment of the connection URL, else the database type.
        static func databaseName(_ node: UnsafePointer<XRayNode>) -> UnsafeRawBufferPointer {
            if let name = lastPathSegment(node.pointee.sqlURL) { return name }
            if let name = lastPathSegment(node.pointee.sqlConnectionString) { return name }
            return node.pointee.sqlDatabaseType
        }

        private static func lastPathSegment(_ url: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
            guard !url.isEmpty else { return nil }
            let path = URLPath.path(of: url)
            guard path.count > 1, let slash = path.lastIndex(of: UInt8(ascii: "/")), slash + 1 < path.count else { return nil }
            return UnsafeRawBufferPointer(rebasing: path[(slash + 1)...])
        }
    }
}
