import ArgumentParser
import Foundation
import SiftKit

extension Sift {
    /// `sift sql`: the slowest SQL statements from X-Ray `sql` subsegments.
    struct SQL: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sql",
            abstract: "Time per SQL statement fingerprint, with N+1 detection, from X-Ray documents and OpenTelemetry spans.",
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

        @OptionGroup var report: SpanReportOptions

        @Option(name: .customLong("n-plus-one"), help: "Flag statements that run at least this many times in one trace.")
        var nPlusOne = 10

        @OptionGroup var explain: ExplainOption

        func run() throws {
            if explain.printsQuery(SQLReport.explanation) { return }
            var options = SQLReport.Options()
            options.selection = report.selection
            options.nPlusOneThreshold = nPlusOne
            try report.run(SQLReport(options))
        }
    }
}
