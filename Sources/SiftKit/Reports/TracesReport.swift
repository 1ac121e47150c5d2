import SiftBytes
import SiftFormats
import SiftJSON
import SiftModel
import SiftQuery
import SiftTraces

/// `sift traces` and `sift trace ID`: span trees rebuilt from X-Ray documents in any order and
/// across files.
///
/// Each input is decoded into its own ``TraceAssembler`` (sharing the memory budget; beyond it,
/// spans spill to temporary files partitioned by trace id), the assemblers merge, and traces
/// come out one at a time.
public enum TracesReport {
    /// What the reports need besides the inputs.
    public struct Options: Sendable {
        /// Filters on each trace's root (time, service, route, duration).
        public var filter = SpanFilter()
        /// Route templates for segments without a route annotation.
        public var routeTemplates: [String] = []
        /// The memory budget of assembly, in bytes (`--memory`).
        public var memoryBudgetBytes = 1 << 30
        /// Only documents of this trace (for `sift trace ID`).
        public var traceID: String?
        /// Creates default options.
        public init() {}
    }

    /// Assembled traces and what assembly saw.
    public struct Assembly: Sendable {
        /// The traces, in assembler order (by start, then id).
        public var traces: [Trace]
        /// Duplicates, orphans, skew, spills.
        public var stats: AssemblyStats
        /// Trace summaries from `get-trace-summaries` inputs (X-Ray's view, without segments).
        public var summaries: [TraceSummary] = []
    }

    /// Decodes every input and assembles the traces that pass the filter.
    public static func assemble(_ run: RunOptions, _ options: Options) -> (Assembly, InputRun<Int>) {
        let perInputBudget = max(1 << 20, options.memoryBudgetBytes / max(1, run.workers))
        let wanted = options.traceID.map { Array($0.utf8) }
        let result = InputRunner.run(run) { input, diagnostics -> (state: AssemblerHandoff, records: Int) in
            var assembler = TraceAssembler(memoryBudgetBytes: perInputBudget)
            if input.format == .xrayTraceSummaries {
                let summaries = readSummaries(input, &diagnostics)
                return (AssemblerHandoff(assembler: assembler, summaries: summaries), summaries.count)
            }
            var decoder = XRaySpanDecoder()
            var unrecognizedCauses = 0
            let records = input.forEachXRayDocument(&diagnostics) { parser, location, _ in
                if let wanted, !wanted.withUnsafeBytes({ parser.nodes[0].traceID.equals($0) }) { return }
                for span in decoder.spans(of: parser, location: location, unrecognizedCauses: &unrecognizedCauses) {
                    assembler.add(span)
                }
            }
            diagnostics.note("cause in an unrecognized form (kept raw)", count: unrecognizedCauses)
            return (AssemblerHandoff(assembler: assembler), records)
        }
        var merged = TraceAssembler(memoryBudgetBytes: options.memoryBudgetBytes)
        var output = result.mapStates { _ in 0 }
        var summaries: [TraceSummary] = []
        for state in result.states {
            guard let state else { continue }
            summaries += state.summaries
            do throws(SpillError) {
                try merged.merge(state.assembler)
            } catch {
                output.diagnostics.record(DecodeError(.unreadable("trace spill: \(error)"), at: InputLocation(source: "<spill>")))
            }
        }
        let templater = RouteTemplater(templates: options.routeTemplates)
        var traces: [Trace] = []
        do {
            try merged.finish { trace in
                if admits(trace, options.filter, templater) { traces.append(trace) }
            }
        } catch {
            output.diagnostics.record(DecodeError(.unreadable("trace spill: \(error)"), at: InputLocation(source: "<spill>")))
        }
        let stats = merged.stats
        output.diagnostics.note("orphan spans (parent never seen; kept as roots)", count: stats.orphans)
        output.diagnostics.note("spans starting before or ending after their parent (clock skew)", count: stats.skewedSpans)
        output.diagnostics.note("duplicate documents (one kept)", count: stats.duplicates)
        output.diagnostics.note("in-progress documents replaced by their completed version", count: stats.inProgressReplaced)
        output.diagnostics.note("in-progress documents never completed", count: stats.inProgressNeverCompleted)
        output.diagnostics.note("spans spilled to temporary files", count: stats.spilledSpans)
        let filter = options.filter
        summaries = summaries.filter { summary in
            if let start = summary.start, !filter.admits(startSeconds: start.secondsSinceEpoch) { return false }
            if filter.minDurationMilliseconds != nil, !filter.admits(durationMilliseconds: (summary.durationSeconds ?? 0) * 1000) { return false }
            if !filter.services.isEmpty, !summary.services.contains(where: filter.admits(service:)) { return false }
            if let wanted = options.traceID, summary.id != wanted { return false }
            return true
        }
        return (Assembly(traces: traces, stats: stats, summaries: summaries), output)
    }

    /// Hands a worker's assembler to the merging thread; each is used by one thread at a time.
    struct AssemblerHandoff: @unchecked Sendable {
        var assembler: TraceAssembler
        var summaries: [TraceSummary] = []
    }

    /// The summaries of a `get-trace-summaries` input; invalid JSON is skipped and counted.
    static func readSummaries(_ input: OpenedInput, _ diagnostics: inout Diagnostics) -> [TraceSummary] {
        var records = RecordFramer(input)
        var summaries: [TraceSummary] = []
        while let record = records.next(&diagnostics) {
            do throws(JSONScanError) {
                summaries += try TraceSummaryDecoder.summaries(record, location: records.location)
            } catch {
                diagnostics.recordJSON(error, in: records.location)
            }
        }
        return summaries
    }

    static func admits(_ trace: Trace, _ filter: SpanFilter, _ templater: RouteTemplater) -> Bool {
        if !filter.admits(startSeconds: trace.start.secondsSinceEpoch) { return false }
        if let ms = trace.durationNanos.map({ Double($0) / 1e6 }), !filter.admits(durationMilliseconds: ms) { return false }
        if filter.minDurationMilliseconds != nil && trace.durationNanos == nil { return false }
        let root = rootSegment(trace)
        if !filter.services.isEmpty, !filter.admits(service: root?.span.name ?? "") { return false }
        if filter.routeGlob != nil, !filter.admits(route: root?.span.route(templater: templater) ?? "") { return false }
        return true
    }

    /// The earliest root segment (else the earliest root).
    static func rootSegment(_ trace: Trace) -> TraceNode? {
        let roots = trace.roots.map { trace.nodes[$0] }
        return roots.first { $0.span.kind == .segment && $0.span.parentID == nil } ?? roots.first { $0.span.kind == .segment } ?? roots.first
    }

    /// One row per trace, slowest first.
    public static func table(_ assembly: Assembly, routeTemplates: [String] = []) -> Table {
        let templater = RouteTemplater(templates: routeTemplates)
        var table = Table(columns: [
            .init("trace_id", .string), .init("service", .string), .init("method", .string), .init("route", .string),
            .init("start", .string), .init("duration_ms", .double(decimals: 3)), .init("spans", .integer),
            .init("fault", .bool), .init("error", .bool), .init("throttle", .bool), .init("orphans", .integer),
        ])
        for trace in assembly.traces {
            let root = rootSegment(trace)
            table.append([
                .string(trace.traceID), root.map { .string($0.span.name) } ?? .null,
                root?.span.http?.method.map { .string($0) } ?? .null,
                root?.span.route(templater: templater).map { .string($0) } ?? .null,
                .string(trace.start.iso8601(fractionDigits: 6)),
                trace.durationNanos.map { .double(Double($0) / 1e6) } ?? .null,
                .integer(Int64(trace.spanCount)), .bool(trace.hasFault), .bool(trace.hasError), .bool(trace.hasThrottle),
                .integer(Int64(trace.orphanCount)),
            ])
        }
        // Summaries carry no segments: spans and orphans are unknown.
        for summary in assembly.summaries {
            var route: Table.Value = .null
            if var url = summary.httpURL {
                let path = url.withUTF8 { String(decoding: URLPath.path(of: UnsafeRawBufferPointer($0)), as: UTF8.self) }
                route = .string(templater.template(forPath: path))
            }
            table.append([
                .string(summary.id), summary.services.first.map { .string($0) } ?? .null,
                summary.httpMethod.map { .string($0) } ?? .null, route,
                summary.start.map { .string($0.iso8601(fractionDigits: 6)) } ?? .null,
                summary.durationSeconds.map { .double($0 * 1000) } ?? .null, .null,
                .bool(summary.hasFault), .bool(summary.hasError), .bool(summary.hasThrottle), .null,
            ])
        }
        return table
    }
}
