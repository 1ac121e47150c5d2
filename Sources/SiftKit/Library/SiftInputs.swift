import SiftBytes
import SiftFormats
import SiftModel
import SiftQuery
import SiftTraces

/// Inputs opened for analysis from a Swift script: typed report rows, queries, and records.
///
/// ```swift
/// import SiftKit
/// let inputs = SiftInputs(["exports/xray/"])
/// for endpoint in inputs.endpoints().prefix(5) { print(endpoint.route, endpoint.p95Milliseconds) }
/// let slowest = try inputs.query("stats pct(duration, 95) as p95 by route | sort p95 desc | limit 5")
/// print(slowest.table)
/// for span in inputs.spans().spans where span.fault { print(span.name) }
/// ```
///
/// Every call reads the inputs again, in parallel, one input per worker. The typed-row calls
/// (`endpoints()`, `sql()`, ...) return the rows in the order the CLI prints them; ``run(_:)``
/// returns the same rows with their table and the diagnostics (skipped records with their
/// location); queries and record calls return their diagnostics beside the result.
public struct SiftInputs: Sendable {
    /// The paths, format and limits every call uses.
    public var options: RunOptions

    /// Opens `paths` (files, directories read recursively, `-` for standard input).
    ///
    /// - Parameters:
    ///   - format: Force a format instead of detecting it per input.
    ///   - workers: Inputs read in parallel.
    public init(_ paths: [String], format: InputFormat? = nil, workers: Int = ParallelMap.defaultWorkers) {
        options = RunOptions(paths: paths, inputFormat: format, workers: workers)
    }

    /// A table with the diagnostics of the run that produced it.
    public struct Result: Sendable, CustomStringConvertible {
        /// The table.
        public var table: Table
        /// Skipped records (with file, line and byte offset) and notes.
        public var diagnostics: Diagnostics
        /// The table as aligned text.
        public var description: String { table.description }
    }

    /// A query that cannot run.
    public enum Failure: Error, Sendable, CustomStringConvertible {
        /// The query does not parse; ``QuerySyntaxError/description`` shows a caret under the column.
        case syntax(QuerySyntaxError)

        /// What went wrong.
        public var description: String {
            switch self {
            case .syntax(let error): return error.description
            }
        }
    }

    /// Runs a Logs Insights query; `source` defaults to what the first input holds.
    public func query(_ text: String, source: QuerySource? = nil, routeTemplates: [String] = []) throws(Failure) -> Result {
        let query: Query
        do {
            query = try Query(text)
        } catch {
            throw .syntax(error)
        }
        var queryOptions = QueryReport.Options()
        queryOptions.source = source
        queryOptions.routeTemplates = routeTemplates
        let result = run(QueryReport(query, queryOptions))
        return Result(table: result.table, diagnostics: result.outcome.diagnostics)
    }

    /// Runs any report over the inputs: its typed rows in its default order, the table the CLI
    /// prints, and the diagnostics.
    public func run<R: Report>(_ report: R) -> ReportResult<R> {
        do {
            return try ReportRunner.run(report, options)
        } catch {
            preconditionFailure("a report's default order names one of its own columns: \(error)")
        }
    }

    /// `sift endpoints`: latency percentiles and error counts per service, method and route,
    /// slowest p95 first.
    public func endpoints(_ reportOptions: EndpointsReport.Options = EndpointsReport.Options()) -> [EndpointStats] {
        run(EndpointsReport(reportOptions)).rows
    }

    /// `sift sql`: time per SQL statement fingerprint, most total time first.
    public func sql(_ reportOptions: SQLReport.Options = SQLReport.Options()) -> [SQLStatementStats] {
        run(SQLReport(reportOptions)).rows
    }

    /// `sift errors`: errors, faults and throttles by route, kind and exception, most traces first.
    public func errors(_ reportOptions: ErrorsReport.Options = ErrorsReport.Options()) -> [ErrorStats] {
        run(ErrorsReport(reportOptions)).rows
    }

    /// `sift traces`: every trace rebuilt from its documents, slowest first; each row's ``TraceStats/trace``
    /// is the assembled tree (parents, children, depth and self time).
    public func traces(_ reportOptions: TracesReport.Options = TracesReport.Options()) -> [TraceStats] {
        run(TracesReport(reportOptions)).rows
    }

    /// `sift metrics`: every EMF metric stream with its totals, by namespace, metric and dimensions.
    public func metrics() -> [MetricStreamStats] {
        run(MetricsInventoryReport()).rows
    }

    /// `sift metrics stats`: CloudWatch statistics of one metric per period and dimension set.
    public func metricStatistics(_ reportOptions: MetricStatsReport.Options) -> [MetricStatsReport.Row] {
        run(MetricStatsReport(reportOptions)).rows
    }

    /// Every X-Ray segment and subsegment, decoded, in input order.
    public func spans() -> (spans: [Span], diagnostics: Diagnostics) {
        let (rows, outcome) = ReportRunner.rows(SpanCollector(), options)
        return (rows, outcome.diagnostics)
    }

    /// Every EMF metric sample, in input order: one per directive × dimension set × metric of
    /// each record CloudWatch would extract, from bare EMF records or from log event messages.
    /// Records CloudWatch would drop are counted in the diagnostics (`sift emf validate` says why).
    public func metricSamples() -> (samples: [MetricSample], diagnostics: Diagnostics) {
        let (rows, outcome) = ReportRunner.rows(MetricSampleCollector(), options)
        return (rows, outcome.diagnostics)
    }

    /// Every CloudWatch log event, in input order.
    public func logEvents() -> (events: [LogEvent], diagnostics: Diagnostics) {
        let (rows, outcome) = ReportRunner.rows(LogsReport(LogsReport.Options()), options)
        return (rows, outcome.diagnostics)
    }
}
