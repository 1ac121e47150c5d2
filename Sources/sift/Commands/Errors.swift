import ArgumentParser
import SiftKit

extension Sift {
    /// `sift errors`: errors, faults and throttles by route and exception.
    struct Errors: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Errors, faults and throttles by route, kind, exception type and message, from X-Ray documents and OpenTelemetry spans.",
            discussion: """
                count is the number of traces showing the row, spans the number of flagged spans.

                Examples:
                  sift errors xray/
                  sift errors --route '/collections/*' --format json segments.jsonl
                """)

        @OptionGroup var input: InputOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var report: SpanReportOptions

        @Flag(name: .long, help: "Print the equivalent query instead of running the report.")
        var explain = false

        func run() throws {
            if explain {
                print(ErrorsReport.explanation)
                return
            }
            let errors = ErrorsReport(filter: report.spanFilter, routeTemplates: report.routeTemplates)
            try CommandSupport.run(errors, input.runOptions, output, order: report.order(for: errors))
        }
    }
}
