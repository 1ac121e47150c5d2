import SiftBytes
import SiftFormats
import SiftJSON
import SiftModel
import SiftQuery
import SiftTraces

/// One row of `sift traces`: a trace rebuilt from its documents (or an X-Ray trace summary).
public struct TraceStats: Sendable {
    /// The trace id.
    public var traceID: String
    /// The service of the root segment.
    public var service: String?
    /// The HTTP method of the root segment.
    public var method: String?
    /// The route of the root segment.
    public var route: String?
    /// The trace's start.
    public var start: Timestamp?
    /// First start to last end, ms (`nil` when no span has ended).
    public var durationMilliseconds: Double?
    /// Spans (`nil` for a summary, which carries no segments).
    public var spans: Int?
    /// Whether a span is a fault.
    public var fault: Bool
    /// Whether a span is an error.
    public var error: Bool
    /// Whether a span is throttled.
    public var throttle: Bool
    /// Spans whose parent was never seen, kept as roots (`nil` for a summary).
    public var orphans: Int?
    /// The assembled tree (`nil` for a summary).
    public var trace: Trace?
}

/// `sift traces` and `sift trace ID`: span trees rebuilt from X-Ray documents in any order and
/// across files.
///
/// Each input is decoded into its own ``TraceAssembler`` (sharing the memory budget; beyond it,
/// spans spill to temporary files partitioned by trace id), the assemblers merge, and traces
/// come out one at a time. `get-trace-summaries` inputs give one row per summary. Default
/// order: `duration_ms` descending.
public struct TracesReport: Report {
    /// What the reports need besides the inputs.
    public struct Options: Sendable, SpanSelecting {
        /// Filters on each trace's root (time, service, route, duration) and route templates for
        /// segments without a route annotation.
        public var selection = SpanSelection()
        /// The memory budget of assembly, in bytes (`--memory`).
        public var memoryBudgetBytes = 1 << 30
        /// Only documents of this trace (for `sift trace ID`): an X-Ray id, or the 32-hex-digit
        /// OpenTelemetry id of the same trace (``wantedTraceID``).
        public var traceID: String?

        /// ``traceID`` in the X-Ray form every span carries (OpenTelemetry ids are converted).
        public var wantedTraceID: String? { traceID.map { OTelID.xrayTraceID($0) ?? $0 } }
        /// Creates default options.
        public init() {}
    }

    /// The options.
    public let options: Options
    /// Worker threads sharing the budget (each input's assembler gets a share); set by the runner.
    private var workers = ParallelMap.defaultWorkers

    /// Creates the report.
    public init(_ options: Options = Options()) { self.options = options }

    public mutating func prepare(workers: Int) { self.workers = workers }

    private var templater: RouteTemplater { options.selection.templater }

    public var defaultOrder: ReportOrder? { ReportOrder(column: "duration_ms") }

    public func makePartial() -> Partial {
        Partial(
            memoryBudgetBytes: max(1 << 20, options.memoryBudgetBytes / max(1, workers)),
            wanted: options.wantedTraceID.map { Array($0.utf8) })
    }

    /// The merged assembler gets the whole budget.
    public func makeMergeTarget() -> Partial {
        Partial(memoryBudgetBytes: options.memoryBudgetBytes, wanted: options.wantedTraceID.map { Array($0.utf8) })
    }

    public func rows(from merged: inout Partial, _ diagnostics: inout Diagnostics, _ statistics: inout RunStatistics) -> [TraceStats] {
        var rows: [TraceStats] = []
        do {
            try merged.assembler.finish { trace in
                if TracesReport.admits(trace, options.filter, templater) { rows.append(stats(of: trace)) }
            }
        } catch {
            diagnostics.record(DecodeError(.unreadable("trace spill: \(error)"), at: InputLocation(source: "<spill>")))
        }
        let assembly = merged.assembler.stats
        diagnostics.note("orphan spans (parent never seen; kept as roots)", count: assembly.orphans)
        diagnostics.note("spans starting before or ending after their parent (clock skew)", count: assembly.skewedSpans)
        diagnostics.note("duplicate documents (one kept)", count: assembly.duplicates)
        diagnostics.note("in-progress documents replaced by their completed version", count: assembly.inProgressReplaced)
        diagnostics.note("in-progress documents never completed", count: assembly.inProgressNeverCompleted)
        diagnostics.note("spans spilled to temporary files", count: assembly.spilledSpans)
        let filter = options.filter
        for summary in merged.summaries {
            if let start = summary.start, !filter.admits(startSeconds: start.secondsSinceEpoch) { continue }
            if filter.minDurationMilliseconds != nil, !filter.admits(durationMilliseconds: (summary.durationSeconds ?? 0) * 1000) { continue }
            if !filter.services.isEmpty, !summary.services.contains(where: filter.admits(service:)) { continue }
            if let wanted = options.wantedTraceID, summary.id != wanted { continue }
            rows.append(stats(of: summary))
        }
        return rows
    }

    private func stats(of trace: Trace) -> TraceStats {
        let root = TracesReport.rootSegment(trace)
        return TraceStats(
            traceID: trace.traceID, service: root?.span.name, method: root?.span.http?.method,
            route: root?.span.route(templater: templater), start: trace.start,
            durationMilliseconds: trace.durationNanos.map { Double($0) / 1e6 }, spans: trace.spanCount, fault: trace.hasFault,
            error: trace.hasError, throttle: trace.hasThrottle, orphans: trace.orphanCount, trace: trace)
    }

    private func stats(of summary: TraceSummary) -> TraceStats {
        var route: String?
        if var url = summary.httpURL {
            let path = url.withUTF8 { String(decoding: URLPath.path(of: UnsafeRawBufferPointer($0)), as: UTF8.self) }
            route = templater.template(forPath: path)
        }
        return TraceStats(
            traceID: summary.id, service: summary.services.first, method: summary.httpMethod, route: route, start: summary.start,
            durationMilliseconds: summary.durationSeconds.map { $0 * 1000 }, spans: nil, fault: summary.hasFault,
            error: summary.hasError, throttle: summary.hasThrottle, orphans: nil, trace: nil)
    }

    public func table(_ rows: [TraceStats], of merged: Partial) -> Table {
        var table = Table(columns: [
            .init("trace_id", .string), .init("service", .string), .init("method", .string), .init("route", .string),
            .init("start", .string), .init("duration_ms", .double(decimals: 3)), .init("spans", .integer),
            .init("fault", .bool), .init("error", .bool), .init("throttle", .bool), .init("orphans", .integer),
        ])
        for row in rows {
            table.append([
                .string(row.traceID), row.service.map { .string($0) } ?? .null, row.method.map { .string($0) } ?? .null,
                row.route.map { .string($0) } ?? .null, row.start.map { .string($0.iso8601(fractionDigits: 6)) } ?? .null,
                row.durationMilliseconds.map { .double($0) } ?? .null, row.spans.map { .integer(Int64($0)) } ?? .null,
                .bool(row.fault), .bool(row.error), .bool(row.throttle), row.orphans.map { .integer(Int64($0)) } ?? .null,
            ])
        }
        return table
    }

    /// Per-input state: the input's spans in an assembler (spilling beyond its budget share),
    /// and the summaries of `get-trace-summaries` inputs.
    public struct Partial: ReportPartial {
        var assembler: TraceAssembler
        /// The summaries of `get-trace-summaries` inputs, unfiltered, in input order.
        public private(set) var summaries: [TraceSummary] = []
        private var decoder = XRaySpanDecoder()
        private var unrecognizedCauses = 0
        private let wanted: [UInt8]?

        init(memoryBudgetBytes: Int, wanted: [UInt8]?) {
            assembler = TraceAssembler(memoryBudgetBytes: memoryBudgetBytes)
            self.wanted = wanted
        }

        /// Duplicates, orphans, skew and spills seen by assembly (complete once the rows are made).
        public var assemblyStats: AssemblyStats { assembler.stats }

        public var demand: RecordDemand { [.xrayDocuments, .traceSummaries] }

        public mutating func xrayDocument(_ document: XRayDocument, _ diagnostics: inout Diagnostics) -> Bool {
            if let wanted, !wanted.withUnsafeBytes({ document.nodes[0].traceID.equals($0) }) { return true }
            for span in decoder.spans(of: document.nodes, location: document.location, unrecognizedCauses: &unrecognizedCauses) {
                assembler.add(span)
            }
            return true
        }

        public mutating func traceSummaries(_ summaries: [TraceSummary], _ diagnostics: inout Diagnostics) -> Bool {
            self.summaries += summaries
            return true
        }

        public mutating func finishInput(_ input: OpenedInput, records: Int, _ diagnostics: inout Diagnostics) {
            diagnostics.note("cause in an unrecognized form (kept raw)", count: unrecognizedCauses)
            unrecognizedCauses = 0
        }

        public mutating func merge(_ other: Partial, _ diagnostics: inout Diagnostics) {
            summaries += other.summaries
            do throws(SpillError) {
                try assembler.merge(other.assembler)
            } catch {
                diagnostics.record(DecodeError(.unreadable("trace spill: \(error)"), at: InputLocation(source: "<spill>")))
            }
        }
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
}
