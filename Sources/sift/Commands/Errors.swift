import ArgumentParser
import SiftKit

extension Sift {
    /// `sift errors`: errors, faults and throttles by route and exception.
    struct Errors: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Errors, faults and throttles by route, kind, exception type and message, from X-Ray documents.",
            discussion: """
                count is the number of traces showing the row, spans the number of flagged spans.

                Examples:
                  sift errors xray/
                  sift errors --route '/collections/*' --format json segments.jsonl
                """)

        @OptionGroup var input: InputOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var filters: ReportFilterOptions

        @Option(name: .long, help: ArgumentHelp("Route templates, one per line.", valueName: "file"))
        var routes: String?

        @Option(name: .long, help: "Sort by this column, optionally :asc or :desc.")
        var sort = "count"

        @Flag(name: .long, help: "Print the equivalent query instead of running the report.")
        var explain = false

        func run() throws {
            if explain {
                print(ErrorsReport.explanation)
                return
            }
            var (table, run) = ErrorsReport.run(input.runOptions, filter: filters.spanFilter, routeTemplates: try RouteTemplatesFile.read(routes))
            try CommandSupport.order(&table, by: ReportOrder(parsing: sort, limit: filters.limit))
            try CommandSupport.finish(table: table, run: run, output: output)
        }
    }
}
