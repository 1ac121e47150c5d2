import ArgumentParser
import Foundation
import SiftKit

extension Sift {
    /// `sift endpoints`: the slowest endpoints from X-Ray segment documents.
    struct Endpoints: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Latency percentiles and error counts per service, method and route, from X-Ray documents and OpenTelemetry spans.",
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
        @OptionGroup var report: SpanReportOptions

        @Flag(name: .long, help: "Print the equivalent query instead of running the report.")
        var explain = false

        func run() throws {
            if explain {
                print(EndpointsReport.explanation)
                return
            }
            var options = EndpointsReport.Options()
            options.filter = report.spanFilter
            options.routeTemplates = report.routeTemplates
            let endpoints = EndpointsReport(options)
            try CommandSupport.run(endpoints, input.runOptions, output, order: report.order(for: endpoints))
        }
    }
}
