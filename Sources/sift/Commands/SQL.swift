import ArgumentParser
import Foundation
import SiftKit

extension Sift {
    /// `sift sql`: the slowest SQL statements from X-Ray `sql` subsegments.
    struct SQL: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sql",
            abstract: "Time per SQL statement fingerprint, with N+1 detection, from X-Ray documents.",
            discussion: """
                Statements are fingerprinted: literals and placeholders ($1, %(name)s, :name, ?) become ?, IN-lists
                collapse, whitespace and keyword case are normalised. A driver subsegment without query text nested in
                a statement's subsegment (psycopg2 `execute` under SQLAlchemy) is not counted twice.
                max_per_trace is the most runs of the statement within one trace; n_plus_one flags statements that
                run at least --n-plus-one times in one trace.

                Examples:
                  sift sql xray/ | head
                  sift sql --format json --sort max_per_trace segments.jsonl | jq 'select(.n_plus_one)'
                """)

        @OptionGroup var input: InputOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var filters: ReportFilterOptions

        @Option(name: .long, help: ArgumentHelp("Route templates, one per line (/items/{id}).", valueName: "file"))
        var routes: String?

        @Option(name: .long, help: "Sort by this column, optionally :asc or :desc.")
        var sort = "total_ms"

        @Option(name: .customLong("n-plus-one"), help: "Flag statements that run at least this many times in one trace.")
        var nPlusOne = 10

        @Flag(name: .long, help: "Print the equivalent query instead of running the report.")
        var explain = false

        func run() throws {
            if explain {
                print(SQLReport.explanation)
                return
            }
            var options = SQLReport.Options()
            options.filter = filters.spanFilter
            options.nPlusOneThreshold = nPlusOne
            options.routeTemplates = try RouteTemplatesFile.read(routes)
            var (table, run) = SQLReport.run(input.runOptions, options)
            try CommandSupport.order(&table, by: ReportOrder(parsing: sort, limit: filters.limit))
            try CommandSupport.finish(table: table, run: run, output: output)
        }
    }
}

/// Reads `--routes FILE`: one template per line, blank lines and `#` comments ignored.
enum RouteTemplatesFile {
    static func read(_ path: String?) throws -> [String] {
        guard let path else { return [] }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ValidationError("--routes: cannot read \(path)")
        }
        return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }
}
