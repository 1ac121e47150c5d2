import ArgumentParser
import SiftKit

/// `--format table|json|csv`: the renderer's own format, so the CLI and the library share one list.
extension RenderFormat: ExpressibleByArgument {}

/// Output flags shared by every command.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: table, json (JSON Lines, one object per row) or csv.")
    var format: RenderFormat = .table

    @Flag(name: .long, help: "Print long table cells whole. On a terminal they are otherwise cut with … to fit its width.")
    var wide = false

    @Flag(name: .long, help: "Print bytes in and out, records by format, skipped records by reason, and time on stderr.")
    var stats = false

    /// The width to fit a table to: the terminal's when standard output is one and `--wide` is
    /// not given; `nil` (every cell whole) otherwise, so piped output is never cut.
    var tableWidth: Int? { wide ? nil : Terminal.tableWidth(1) }
}
