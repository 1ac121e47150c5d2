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

        @OptionGroup var report: SpanReportOptions

        @OptionGroup var explain: ExplainOption

        func run() throws {
            if explain.printsQuery(ErrorsReport.explanation) { return }
            try report.run(ErrorsReport(report.selection))
        }
    }
}
