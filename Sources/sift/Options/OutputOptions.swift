import ArgumentParser

/// How results are printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    /// Aligned columns for people.
    case table
    /// JSON Lines: one object per row.
    case json
    /// RFC 4180 CSV with a header row.
    case csv
}

/// Output flags shared by every command.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: table, json (JSON Lines, one object per row) or csv.")
    var format: OutputFormat = .table

    @Flag(name: .long, help: "Print bytes in and out, records by format, skipped records by reason, and time on stderr.")
    var stats = false
}
