import SiftBytes
import SiftFormats
import SiftJSON
import SiftModel
import SiftQuery

/// `sift query`: a Logs Insights query over the rows of the inputs.
///
/// Workers read inputs in parallel. A query whose first order-dependent command is `stats`
/// aggregates on every worker and merges the group states (memory follows the groups); any
/// other query prepares rows on the workers (filters, computed fields, `parse`, `unnest`) and
/// runs the rest on one execution in input order.
public enum QueryReport {
    /// What the query needs besides the inputs.
    public struct Options: Sendable {
        /// The rows; `nil` follows the first input: log rows for CloudWatch Logs, metric rows for EMF, span rows otherwise.
        public var source: QuerySource?
        /// Route templates from `--routes FILE`.
        public var routeTemplates: [String] = []
        /// Creates default options.
        public init() {}
    }

    /// Runs `query` over the inputs and returns its table.
    public static func run(_ run: RunOptions, _ query: Query, _ options: Options) -> (table: Table, run: InputRun<Int>) {
        let source = options.source ?? detectSource(run)
        if source == .traces { return AssembledSpanRows.run(run, query, options) }
        let plan = QueryPlan(query, defaultColumns: source.defaultColumns)
        let merges = plan.mergesAcrossWorkers
        let templater = RouteTemplater(templates: options.routeTemplates)
        let result = InputRunner.run(run) { input, diagnostics -> (state: QueryExecution, records: Int) in
            var execution = QueryExecution(plan, prefixOnly: !merges)
            let records: Int
            switch source {
            case .logs: records = LogRows.feed(input, plan: plan, logGroup: run.logGroup, into: &execution, &diagnostics)
            case .metrics: records = MetricRows.feed(input, plan: plan, options: run, into: &execution, &diagnostics)
            default:
                records = SpanRows.feed(
                    input, plan: plan, templater: templater, segmentsOnly: query.selectsSegmentsOnly, into: &execution,
                    &diagnostics)
            }
            return (execution, records)
        }
        var total = QueryExecution(plan)
        let prefix = plan.rowLocalPrefix
        for state in result.states {
            guard let state else { continue }
            if merges {
                total.merge(state)
            } else {
                total.addScanned(state.rowsScanned)
                for row in state.preparedRows { total.push(row, fromStep: prefix) }
            }
        }
        return (total.finish(), result.mapStates { $0.rowsScanned })
    }

    /// The source the first input's format implies (standard input is not peeked: spans).
    public static func detectSource(_ run: RunOptions) -> QuerySource {
        let (sources, _) = InputWalker.expand(run.paths)
        guard let first = sources.first, first != .standardInput else { return .spans }
        // Only the first bytes are needed: stream them (a whole-file decode would be done twice).
        guard let reader = try? ByteReader(first), let prefix = try? reader.peek(FormatDetector.prefixBytes) else { return .spans }
        let format = run.inputFormat ?? prefix.withUnsafeBytes { FormatDetector.detect(prefix: $0, path: first.name) }.format
        if format.holdsLogEvents { return .logs }
        if format == .emfJSON { return .metrics }
        return .spans
    }
}

/// Span rows straight from X-Ray documents.
enum SpanRows {
    /// Pushes one row per segment and subsegment of `input`; returns the number of documents.
    /// - Parameter segmentsOnly: skip nested subsegments (by structure) because the query keeps
    ///   segments only.
    static func feed(
        _ input: OpenedInput, plan: QueryPlan, templater: RouteTemplater, segmentsOnly: Bool = false,
        into execution: inout QueryExecution, _ diagnostics: inout Diagnostics
    ) -> Int {
        var builder = SpanRowBuilder(plan: plan, templater: templater)
        var row = execution.emptyRow
        return input.forEachXRayDocument(includeSubsegments: !segmentsOnly, &diagnostics, isDone: { execution.isSaturated }) { parser, _, _ in
            parser.nodes.withUnsafeBufferPointer { nodes in
                for index in nodes.indices {
                    builder.fill(&row, nodes: nodes, index: index)
                    execution.push(row)
                }
            }
        }
    }
}

extension Query {
    /// Whether the first command keeps segments only (`filter kind = "segment" and ...`), so span
    /// rows need not parse nested subsegments: they would be filtered out anyway.
    var selectsSegmentsOnly: Bool {
        guard case .filter(let condition)? = commands.first else { return false }
        return Query.requiresSegment(condition)
    }

    private static func requiresSegment(_ condition: Expression) -> Bool {
        switch condition {
        case .binary("=", .field("kind"), .string("segment")), .binary("=", .string("segment"), .field("kind")): return true
        case .binary("and", let left, let right): return requiresSegment(left) || requiresSegment(right)
        default: return false
        }
    }
}
