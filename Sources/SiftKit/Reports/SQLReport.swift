import SiftBytes
import SiftFormats
import SiftJSON
import SiftModel
import SiftQuery

/// `sift sql`: time spent per SQL statement fingerprint, from X-Ray `sql` subsegments.
///
/// Every node with a `sql` object and query text counts once; a node with a `sql` object but no
/// text nested inside one with text (the psycopg2 `execute` subsegment under SQLAlchemy's) is
/// the same call seen by the driver and is not counted again. Statements are fingerprinted
/// (literals and placeholders become `?`, IN-lists collapse). Per trace, the report counts how
/// often each statement ran, for `max_per_trace` and N+1 detection, and joins each trace to its
/// request route.
public enum SQLReport {
    /// The grouping key.
    public struct Key: Hashable, Sendable {
        /// The statement fingerprint.
        public var statement: String
        /// The database (name from the connection URL, else the database type).
        public var database: String
    }

    /// What the report needs besides the inputs.
    public struct Options: Sendable {
        /// Filters (time window, service of the enclosing segment, duration).
        public var filter = SpanFilter()
        /// Route templates for traces whose segment has no route annotation.
        public var routeTemplates: [String] = []
        /// A statement running at least this many times in one trace is flagged `n_plus_one`.
        public var nPlusOneThreshold = 10
        /// Creates default options.
        public init() {}
    }

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

    /// One input's partial result.
    public struct Partial: Sendable {
        var aggregation = GroupedAggregation<Key>(measures: SQLReport.measures)
        var perTrace: [TraceStatement: Int32] = [:]
        var routes = TraceRouteTable()
        var slowest: [Key: (ms: Double, trace: String)] = [:]
        var driverCallsWithoutText = 0
    }

    struct TraceStatement: Hashable, Sendable {
        var trace: UInt64
        var key: Key
    }

    /// Runs the report.
    public static func run(_ run: RunOptions, _ options: Options) -> (table: Table, run: InputRun<Partial>) {
        let templater = RouteTemplater(templates: options.routeTemplates)
        let filter = options.filter
        let result = InputRunner.run(run) { input, diagnostics in
            var accumulator = Accumulator(templater: templater, filter: filter)
            let records = accumulator.consume(input, &diagnostics)
            return (accumulator.finish(), records)
        }
        var total = Partial()
        for state in result.states {
            guard let state else { continue }
            total.aggregation.merge(state.aggregation)
            total.perTrace.merge(state.perTrace, uniquingKeysWith: +)
            total.routes.merge(state.routes)
            for (key, candidate) in state.slowest where candidate.ms > (total.slowest[key]?.ms ?? -.infinity) {
                total.slowest[key] = candidate
            }
            total.driverCallsWithoutText += state.driverCallsWithoutText
        }
        var maxPerTrace: [Key: Int32] = [:]
        var routes: [Key: Set<String>] = [:]
        for (traceStatement, count) in total.perTrace {
            maxPerTrace[traceStatement.key] = max(maxPerTrace[traceStatement.key] ?? 0, count)
            if let route = total.routes.routes[traceStatement.trace] { routes[traceStatement.key, default: []].insert(route) }
        }
        var table = Table(columns: [
            .init("statement", .string), .init("database", .string), .init("count", .integer), .init("failed", .integer),
            .init("total_ms", .double(decimals: 3)), .init("mean_ms", .double(decimals: 3)), .init("p50_ms", .double(decimals: 3)),
            .init("p95_ms", .double(decimals: 3)), .init("p99_ms", .double(decimals: 3)), .init("max_ms", .double(decimals: 3)),
            .init("max_per_trace", .integer), .init("n_plus_one", .bool), .init("example_trace_id", .string), .init("routes", .strings),
        ])
        for row in total.aggregation.rows() {
            var values: [Table.Value] = [.string(row.key.statement), .string(row.key.database)]
            for (i, value) in row.values.enumerated() {
                guard let value else { values.append(.null); continue }
                values.append(i < 2 ? .integer(Int64(value)) : .double(value))
            }
            let perTrace = Int(maxPerTrace[row.key] ?? 0)
            values.append(.integer(Int64(perTrace)))
            values.append(.bool(perTrace >= options.nPlusOneThreshold))
            values.append(total.slowest[row.key].map { .string($0.trace) } ?? .null)
            values.append(.strings((routes[row.key] ?? []).sorted()))
            table.append(values)
        }
        var withNotes = result
        if total.driverCallsWithoutText > 0 {
            withNotes.diagnostics.note("sql subsegments without query text (driver calls inside a statement; not counted)", count: total.driverCallsWithoutText)
        }
        return (table, withNotes)
    }

    struct Accumulator {
        private var partial = Partial()
        private let filter: SpanFilter
        private var interner = ByteInterner()
        private var routes: RouteResolver
        private var fingerprints: [LocalStatement: Key] = [:]
        private var routeNames: [LocalStatement: String] = [:]
        private var localPerTrace: [LocalTraceStatement: Int32] = [:]
        private var parser = XRayDocumentParser(includeSubsegments: true)

        struct LocalStatement: Hashable {
            var query: Int32
            var database: Int32
        }

        struct LocalTraceStatement: Hashable {
            var trace: UInt64
            var query: Int32
            var database: Int32
        }

        init(templater: RouteTemplater, filter: SpanFilter) {
            self.filter = filter
            self.routes = RouteResolver(templater: templater)
        }

        mutating func consume(_ input: OpenedInput, _ diagnostics: inout Diagnostics) -> Int {
            guard input.format.holdsXRayDocuments else {
                diagnostics.note("inputs without X-Ray documents (\(input.format.rawValue))")
                return 0
            }
            var reader = XRayDocumentReader(input)
            var records = 0
            reader.forEachDocument(&diagnostics) { document, location, diagnostics in
                records += 1
                add(document, location, &diagnostics)
            }
            parser.deallocate()
            return records
        }

        mutating func finish() -> Partial {
            for (local, count) in localPerTrace {
                let key = statementKey(query: local.query, database: local.database)
                partial.perTrace[TraceStatement(trace: local.trace, key: key), default: 0] += count
            }
            return partial
        }

        private mutating func statementKey(query: Int32, database: Int32) -> Key {
            let local = LocalStatement(query: query, database: database)
            if let key = fingerprints[local] { return key }
            let key = Key(statement: SQLFingerprint.fingerprint(interner.string(query)), database: interner.string(database))
            fingerprints[local] = key
            return key
        }

        private mutating func add(_ document: UnsafeRawBufferPointer, _ location: InputLocation, _ diagnostics: inout Diagnostics) {
            do throws(JSONScanError) {
                try parser.parse(document)
            } catch {
                diagnostics.recordJSON(error, in: location)
                return
            }
            let nodes = parser.nodes
            if let missing = nodes[0].missingRequiredField {
                diagnostics.record(DecodeError(.missingField(missing), at: location))
                return
            }
            if nodes[0].inProgress { return }
            let trace = ByteInterner.hash(nodes[0].traceID)
            if nodes[0].isSegment, !nodes[0].httpMethod.isEmpty {
                let method = interner.intern(nodes[0].httpMethod)
                let route = routes.route(of: nodes[0], &interner)
                let pair = LocalStatement(query: method, database: route)
                let name = routeNames[pair] ?? (interner.string(method) + " " + interner.string(route))
                routeNames[pair] = name
                partial.routes.record(trace: trace, route: name)
            }
            if nodes[0].isSegment, !filter.services.isEmpty, !filter.admits(service: String(decoding: nodes[0].name, as: UTF8.self)) { return }
            for node in nodes where node.hasSQL {
                guard !node.sqlQuery.isEmpty else {
                    partial.driverCallsWithoutText += 1
                    continue
                }
                guard let duration = node.durationMilliseconds, let start = node.startTime else { continue }
                guard filter.admits(startSeconds: start), filter.admits(durationMilliseconds: duration) else { continue }
                let query = interner.intern(node.sqlQuery)
                let database = interner.intern(Accumulator.databaseName(node))
                let key = statementKey(query: query, database: database)
                let failed = node.fault || node.error
                withUnsafeTemporaryAllocation(of: Double?.self, capacity: 2) { inputs in
                    inputs.initialize(repeating: nil)
                    inputs[0] = duration
                    inputs[1] = failed ? 1 : 0
                    partial.aggregation.add(key, inputs: UnsafeBufferPointer(inputs))
                }
                localPerTrace[LocalTraceStatement(trace: trace, query: query, database: database), default: 0] += 1
                if duration > (partial.slowest[key]?.ms ?? -.infinity) {
                    partial.slowest[key] = (duration, String(decoding: node.traceID, as: UTF8.self))
                }
            }
        }

        /// The database name: the last path segment of the connection URL, else the database type.
        static func databaseName(_ node: XRayNode) -> UnsafeRawBufferPointer {
            for url in [node.sqlURL, node.sqlConnectionString] where !url.isEmpty {
                let path = URLPath.path(of: url)
                if path.count > 1, let slash = path.lastIndex(of: UInt8(ascii: "/")), slash + 1 < path.count {
                    return UnsafeRawBufferPointer(rebasing: path[(slash + 1)...])
                }
            }
            return node.sqlDatabaseType
        }
    }
}
