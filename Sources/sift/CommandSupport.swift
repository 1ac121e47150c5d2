import ArgumentParser
import SiftKit

/// What every command does after its work: print the table, the diagnostics line, `--stats`,
/// and choose the exit status.
enum CommandSupport {
    /// Standard error, unbuffered enough for diagnostics.
    nonisolated(unsafe) static let standardError = OutputWriter(fileDescriptor: 2, capacity: 1 << 12)

    /// Writes one line (or several, separated by `\n`) to stderr, terminal-safe: file names,
    /// trace ids, query text and record content never reach the terminal as raw controls
    /// (``DisplayText``: `\x1b`, `\r`, `\u202e`; tabs stay).
    static func warn(_ text: String) {
        let safe = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { DisplayText.escaped(String($0), tabs: .keep) }.joined(separator: "\n")
        standardError.write(safe + "\n")
        standardError.flush()
    }

    /// Runs `report` and prints its table, diagnostics and stats; throws the exit code.
    ///
    /// An unknown `--sort` column is a usage error (exit 64) naming the report's columns.
    static func run<R: Report>(_ report: R, _ run: RunOptions, _ output: OutputOptions, order: ReportOrder? = nil) throws {
        let result: ReportResult<R>
        do {
            result = try ReportRunner.run(report, run, order: order)
        } catch {
            // Found after the run (the columns are the report's), so not a ValidationError: that
            // would print the top-level usage instead of the message.
            warn("sift: --sort: \(error)")
            throw SiftExit.usage
        }
        try finish(table: result.table, outcome: result.outcome, output: output)
    }

    /// Prints `table`, reports diagnostics and stats, and throws the exit code for the run.
    static func finish(table: Table?, outcome: RunOutcome, output: OutputOptions, out: OutputWriter = OutputWriter()) throws {
        // Under --strict a skipped record fails the run: no partial table.
        let failed = outcome.diagnostics.strict && outcome.diagnostics.skippedCount > 0
        if let table, !failed { TableRenderer.render(table, as: output.format, width: output.tableWidth, to: out) }
        out.flush()
        try finish(outcome: outcome, output: output, out: out)
    }

    /// Reports diagnostics and stats, and throws the exit code for the run.
    static func finish(outcome: RunOutcome, output: OutputOptions, out: OutputWriter) throws {
        if out.isBrokenPipe { throw SiftExit.success }
        if let code = out.failure {
            warn("sift: cannot write output (errno \(code))")
            throw SiftExit.failure
        }
        let diagnostics = outcome.diagnostics
        for line in diagnostics.unusedInputLines { warn(line) }
        if let line = diagnostics.summaryLine { warn(line) }
        if diagnostics.examples.count > 1 {
            for example in diagnostics.examples.dropFirst() { warn("sift:   also: \(example)") }
        }
        if output.stats {
            warn(outcome.statistics.render(
                diagnosticsSkipped: diagnostics.skippedByKind, ignored: diagnostics.ignoredByKind,
                notes: diagnostics.notes.merging(diagnostics.unusedInputs, uniquingKeysWith: +)))
        }
        if outcome.statistics.inputs == 0 {
            warn("sift: no usable input")
            throw SiftExit.failure
        }
        if diagnostics.strict && diagnostics.skippedCount > 0 { throw SiftExit.dataError }
    }
}
