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

        @OptionGroup var report: SpanReportOptions

        @OptionGroup var explain: ExplainOption

        func run() throws {
            if explain.printsQuery(EndpointsReport.explanation) { return }
            try report.run(EndpointsReport(report.selection))
        }
    }
}
