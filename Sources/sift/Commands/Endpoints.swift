import ArgumentParser
import Foundation
import SiftKit

extension Sift {
    /// `sift endpoints`: the slowest endpoints from X-Ray segment documents.
    struct Endpoints: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Latency percentiles and error counts per service, method and route, from X-Ray documents.",
            discussion: """
                A request is a top-level segment with an HTTP method that is not in progress. Its route is an
                annotation (route, http_route, http.route), else metadata http.route (ADOT), else a template from
                --routes, else the URL path with ids replaced by {id}. Percentiles are exact nearest-rank.

                Examples:
                  sift endpoints exports/xray/ | head
                  sift endpoints --format json --sort p99_ms --limit 5 segments.jsonl.gz
                  sift endpoints --routes routes.txt --service orders-api capture.udp
                """)

        @OptionGroup var input: InputOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var filters: ReportFilterOptions

        @Option(name: .long, help: ArgumentHelp("Route templates, one per line (/items/{id}).", valueName: "file"))
        var routes: String?

        @Option(name: .long, help: "Sort by this column, optionally :asc or :desc.")
        var sort = "p95_ms"

        @Flag(name: .long, help: "Print the equivalent query instead of running the report.")
        var explain = false

        func run() throws {
            if explain {
                print(EndpointsReport.explanation)
                return
            }
            var options = EndpointsReport.Options()
            options.filter = filters.spanFilter
            options.order = ReportOrder(parsing: sort, limit: filters.limit)
            options.routeTemplates = try RouteTemplatesFile.read(routes)
            var (table, run) = EndpointsReport.run(input.runOptions, options)
            try CommandSupport.order(&table, by: options.order)
            try CommandSupport.finish(table: table, run: run, output: output)
        }
    }
}
