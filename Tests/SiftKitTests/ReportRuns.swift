import SiftKit

/// Runs `report` over `options` in its default order: the table and what was read and skipped.
func runReport<R: Report>(_ report: R, _ options: RunOptions) -> (table: Table, run: RunOutcome) {
    let result = runReportResult(report, options)
    return (result.table, result.outcome)
}

/// Runs `report` over `options` in its default order.
func runReportResult<R: Report>(_ report: R, _ options: RunOptions) -> ReportResult<R> {
    do {
        return try ReportRunner.run(report, options)
    } catch {
        preconditionFailure("default order of \(R.self): \(error)")
    }
}

/// The traces `sift traces` assembles (slowest first), the summaries of summary inputs, and
/// the assembly counters.
struct AssembledTraces {
    var traces: [Trace]
    var summaries: [TraceSummary]
    var stats: AssemblyStats
}

/// Assembles the traces of `run` as `sift traces` does.
func assembleTraces(_ run: RunOptions, _ options: TracesReport.Options = TracesReport.Options()) -> (AssembledTraces, RunOutcome) {
    let result = runReportResult(TracesReport(options), run)
    let assembly = AssembledTraces(
        traces: result.rows.compactMap(\.trace), summaries: result.merged.summaries, stats: result.merged.assemblyStats)
    return (assembly, result.outcome)
}
