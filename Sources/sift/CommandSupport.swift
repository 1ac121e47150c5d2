import ArgumentParser
import SiftKit

/// What every command does after its work: print the table, the diagnostics line, `--stats`,
/// and choose the exit status.
enum CommandSupport {
    /// Standard error, unbuffered enough for diagnostics.
    nonisolated(unsafe) static let standardError = OutputWriter(fileDescriptor: 2, capacity: 1 << 12)

    /// Writes one line to stderr.
    static func warn(_ text: String) {
        standardError.write(text + "\n")
        standardError.flush()
    }

    /// Sorts and limits a report's table (`--sort`, `--limit`); an unknown column is a usage error.
    static func order(_ table: inout Table, by order: ReportOrder) throws {
        do {
            try order.apply(to: &table)
        } catch {
            throw ValidationError("--sort: \(error)")
        }
    }

    /// Prints `table`, reports diagnostics and stats, and throws the exit code for the run.
    static func finish<State>(
        table: Table?, run: InputRun<State>, output: OutputOptions, out: OutputWriter = OutputWriter()
    ) throws {
        // Under --strict a skipped record fails the run: no partial table.
        let failed = run.diagnostics.strict && run.diagnostics.skippedCount > 0
        if let table, !failed { TableRenderer.render(table, as: output.format, width: output.tableWidth, to: out) }
        out.flush()
        try finish(run: run, output: output, out: out)
    }

    /// Reports diagnostics and stats, and throws the exit code for the run.
    static func finish<State>(run: InputRun<State>, output: OutputOptions, out: OutputWriter) throws {
        if out.isBrokenPipe { throw SiftExit.success }
        if let code = out.failure {
            warn("sift: cannot write output (errno \(code))")
            throw SiftExit.failure
        }
        if let line = run.diagnostics.summaryLine { warn(line) }
        if run.diagnostics.examples.count > 1 {
            for example in run.diagnostics.examples.dropFirst() { warn("sift:   also: \(example)") }
        }
        if output.stats {
            warn(run.statistics.render(
                diagnosticsSkipped: run.diagnostics.skippedByKind, ignored: run.diagnostics.ignoredByKind,
                notes: run.diagnostics.notes))
        }
        if run.statistics.inputs == 0 {
            warn("sift: no usable input")
            throw SiftExit.failure
        }
        if run.diagnostics.strict && run.diagnostics.skippedCount > 0 { throw SiftExit.dataError }
    }
}
