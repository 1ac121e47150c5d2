import SiftBytes
import SiftFormats
import SiftModel
import SiftQuery
import SiftTraces

/// Inputs opened for analysis from a Swift script: iterate records, run reports and queries.
///
/// ```swift
/// import SiftKit
/// let inputs = SiftInputs(["exports/xray/"])
/// let slowest = try inputs.query("stats pct(duration, 95) as p95 by route | sort p95 desc | limit 5")
/// print(slowest.table)
/// for span in inputs.spans() where span.fault { print(span.name) }
/// ```
///
/// Records come back as arrays (Swift sequences) read in parallel, one input per worker; every
/// call reports what it skipped in ``Result/diagnostics`` or ``lastDiagnostics``.
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
        let (table, run) = QueryReport.run(options, query, queryOptions)
        return Result(table: table, diagnostics: run.diagnostics)
    }

    /// `sift endpoints`: latency percentiles and error counts per service, method and route (sorted by p95).
    public func endpoints(_ reportOptions: EndpointsReport.Options = EndpointsReport.Options()) -> Result {
        var (table, run) = EndpointsReport.run(options, reportOptions)
        try? reportOptions.order.apply(to: &table)
        return Result(table: table, diagnostics: run.diagnostics)
    }

    /// `sift sql`: time per SQL statement fingerprint.
    public func sql(_ reportOptions: SQLReport.Options = SQLReport.Options()) -> Result {
        let (table, run) = SQLReport.run(options, reportOptions)
        return Result(table: table, diagnostics: run.diagnostics)
    }

    /// Every X-Ray segment and subsegment, decoded, in input order.
    public func spans() -> (spans: [Span], diagnostics: Diagnostics) {
        let result = InputRunner.run(options) { input, diagnostics -> (state: [Span], records: Int) in
            var decoder = XRaySpanDecoder()
            var spans: [Span] = []
            var unrecognized = 0
            let records = input.forEachXRayDocument(&diagnostics) { parser, location, _ in
                spans += decoder.spans(of: parser, location: location, unrecognizedCauses: &unrecognized)
            }
            diagnostics.note("cause in an unrecognized form (kept raw)", count: unrecognized)
            return (spans, records)
        }
        return (result.states.flatMap { $0 ?? [] }, result.diagnostics)
    }

    /// The spans assembled into traces (parents, children, depth and self time).
    public func traces() -> (traces: [Trace], diagnostics: Diagnostics) {
        let (assembly, run) = TracesReport.assemble(options, TracesReport.Options())
        return (assembly.traces, run.diagnostics)
    }

    /// Every EMF metric sample, in input order: one per directive × dimension set × metric of
    /// each record CloudWatch would extract, from bare EMF records or from log event messages.
    /// Records CloudWatch would drop are counted in the diagnostics (`sift emf validate` says why).
    public func metricSamples() -> (samples: [MetricSample], diagnostics: Diagnostics) {
        let options = self.options
        let result = InputRunner.run(options) { input, diagnostics -> (state: [MetricSample], records: Int) in
            var decoder = EMFDecoder()
            var samples: [MetricSample] = []
            var invalid = 0
            let records = EMFMessageSource.forEach(input, options: options, &diagnostics) { message, _ in
                switch decoder.decode(message.bytes, location: message.location) {
                case .valid: samples += decoder.samples(location: message.location)
                case .invalid: invalid += 1
                case .notEMF: break
                }
            }
            diagnostics.note("EMF records CloudWatch would drop (see sift emf validate)", count: invalid)
            return (samples, records)
        }
        return (result.states.flatMap { $0 ?? [] }, result.diagnostics)
    }

    /// Every CloudWatch log event, in input order.
    public func logEvents() -> (events: [LogEvent], diagnostics: Diagnostics) {
        let logGroup = options.logGroup
        let result = InputRunner.run(options) { input, diagnostics -> (state: [LogEvent], records: Int) in
            guard input.format.holdsLogEvents else { return ([], 0) }
            var reader = LogEventReader(
                input.stream, format: input.format, framing: input.framing, path: input.source.name, logGroup: logGroup,
                maxRecordBytes: input.maxRecordBytes)
            var events: [LogEvent] = []
            reader.forEachEvent(&diagnostics) { event, _ in events.append(event.makeLogEvent()) }
            return (events, events.count)
        }
        return (result.states.flatMap { $0 ?? [] }, result.diagnostics)
    }
}
