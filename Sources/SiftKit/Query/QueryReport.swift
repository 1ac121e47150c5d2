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
/// runs the rest on one execution in input order. A worker stops reading its input once a
/// leading `limit` is full. Rows are the query's own (its `sort`), so the report has no order.
public struct QueryReport: Report {
    /// What the query needs besides the inputs.
    public struct Options: Sendable {
        /// The rows; `nil` follows the first input: log rows for CloudWatch Logs, metric rows for EMF, span rows otherwise.
        public var source: QuerySource?
        /// Route templates from `--routes FILE`.
        public var routeTemplates: [String] = []
        /// Creates default options.
        public init() {}
    }

    /// The query.
    public let query: Query
    /// The options.
    public let options: Options
    /// The rows the query runs over (chosen from the first input when ``Options/source`` is `nil`).
    public private(set) var source: QuerySource
    private var plan: QueryPlan
    private let templater: RouteTemplater
    /// Workers reading in parallel (the traces source splits its memory budget among them).
    private var workers = ParallelMap.defaultWorkers

    /// Creates the report.
    public init(_ query: Query, _ options: Options = Options()) {
        self.query = query
        self.options = options
        source = options.source ?? .spans
        plan = QueryPlan(query, defaultColumns: source.defaultColumns)
        templater = RouteTemplater(templates: options.routeTemplates)
    }

    public var dependsOnFirstInputFormat: Bool { options.source == nil }

    public mutating func prepare(workers: Int) { self.workers = workers }

    /// The default source follows the first input's format.
    public mutating func prepare(firstInputFormat: InputFormat?) {
        guard options.source == nil else { return }
        source = Self.source(for: firstInputFormat)
        plan = QueryPlan(query, defaultColumns: source.defaultColumns)
    }

    /// The rows a format implies: log rows for CloudWatch Logs, metric rows for EMF, span rows otherwise.
    public static func source(for format: InputFormat?) -> QuerySource {
        guard let format else { return .spans }
        if format.holdsLogEvents { return .logs }
        if format == .emfJSON { return .metrics }
        return .spans
    }

    public func makePartial() -> Partial { Partial(self, mergeTarget: false) }

    public func makeMergeTarget() -> Partial { Partial(self, mergeTarget: true) }

    public func rows(from merged: inout Partial, _ diagnostics: inout Diagnostics, _ statistics: inout RunStatistics) -> [[Table.Value]] {
        if var traces = merged.traces {
            merged.traces = nil
            let traceRows = TracesReport(merged.traceOptions).rows(from: &traces, &diagnostics, &statistics)
            AssembledSpanRows.push(traceRows.compactMap(\.trace), plan: plan, templater: templater, into: &merged.execution)
        }
        let table = merged.execution.finish()
        merged.columns = table.columns
        return table.rows
    }

    public func table(_ rows: [[Table.Value]], of merged: Partial) -> Table {
        Table(columns: merged.columns, rows: rows)
    }

    /// Per-input state: the query's execution and the builder of the source's rows (exactly
    /// one of the four builders is set).
    public struct Partial: ReportPartial {
        var execution: QueryExecution
        private var logRows: LogRowBuilder?
        private var spanRows: SpanRowBuilder?
        private var metricRows: MetricRowBuilder?
        var traces: TracesReport.Partial?
        private let segmentsOnly: Bool
        private var row: [QueryValue]
        private let merges: Bool
        private let prefix: Int
        let traceOptions: TracesReport.Options
        /// The result's columns, once ``QueryReport/rows(from:_:_:)`` has run.
        var columns: [Table.Column] = []

        init(_ report: QueryReport, mergeTarget: Bool) {
            let plan = report.plan
            merges = plan.mergesAcrossWorkers
            prefix = plan.rowLocalPrefix
            execution = QueryExecution(plan, prefixOnly: !mergeTarget && !merges)
            row = execution.emptyRow
            segmentsOnly = report.query.selectsSegmentsOnly
            var traceOptions = TracesReport.Options()
            traceOptions.routeTemplates = report.options.routeTemplates
            self.traceOptions = traceOptions
            switch report.source {
            case .logs: logRows = LogRowBuilder(plan: plan)
            case .metrics: metricRows = MetricRowBuilder(plan: plan)
            case .spans: spanRows = SpanRowBuilder(plan: plan, templater: report.templater)
            case .traces:
                var traces = TracesReport(traceOptions)
                traces.prepare(workers: report.workers)
                self.traces = mergeTarget ? traces.makeMergeTarget() : traces.makePartial()
            }
        }

        public var demand: RecordDemand {
            if logRows != nil { return .logEvents }
            if metricRows != nil { return .emfMessages }
            if spanRows != nil { return .xrayDocuments }
            return traces?.demand ?? []
        }

        public var xrayParsing: XRayParsing { spanRows != nil && segmentsOnly ? .segmentsOnly : .full }

        public mutating func logEvent(_ event: LogEventView, _ diagnostics: inout Diagnostics) -> Bool {
            if execution.isSaturated { return false }
            logRows!.fill(&row, event)
            execution.push(row)
            return true
        }

        public mutating func emfMessage(_ message: EMFMessage, _ diagnostics: inout Diagnostics) -> Bool {
            if execution.isSaturated { return false }
            metricRows!.push(message, row: &row, into: &execution)
            return true
        }

        public mutating func xrayDocument(_ document: XRayDocument, _ diagnostics: inout Diagnostics) -> Bool {
            if traces != nil { return traces!.xrayDocument(document, &diagnostics) }
            if execution.isSaturated { return false }
            document.nodes.withUnsafeBufferPointer { nodes in
                for index in nodes.indices {
                    spanRows!.fill(&row, nodes: nodes, index: index)
                    execution.push(row)
                }
            }
            return true
        }

        public mutating func traceSummaries(_ summaries: [TraceSummary], _ diagnostics: inout Diagnostics) -> Bool {
            traces?.traceSummaries(summaries, &diagnostics) ?? true
        }

        public mutating func finishInput(_ input: OpenedInput, records: Int, _ diagnostics: inout Diagnostics) {
            traces?.finishInput(input, records: records, &diagnostics)
            // Only the execution (or the assembler) merges: free the builders' caches.
            logRows = nil
            spanRows = nil
            metricRows = nil
        }

        public mutating func merge(_ other: Partial, _ diagnostics: inout Diagnostics) {
            if let theirs = other.traces {
                traces?.merge(theirs, &diagnostics)
            } else if merges {
                execution.merge(other.execution)
            } else {
                execution.addScanned(other.execution.rowsScanned)
                for row in other.execution.preparedRows { execution.push(row, fromStep: prefix) }
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
