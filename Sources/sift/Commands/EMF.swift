import ArgumentParser
import Foundation
import SiftKit

extension Sift {
    /// `sift emf`: Embedded Metric Format tools.
    struct EMF: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "emf", abstract: "Embedded Metric Format tools.", subcommands: [Validate.self])
    }
}

extension Sift.EMF {
    /// `sift emf validate`: every EMF record checked against the specification and CloudWatch's limits.
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check EMF records against the specification and CloudWatch's limits; exit 65 on violations.",
            discussion: """
                One row per violation: location, JSON path, rule, consequence (record dropped, directive
                dropped, metric dropped) and detail. The timestamp window (14 days before to 2 hours after)
                is checked against --now, else each event's ingestion time (or timestamp); bare EMF records
                without --now are not window-checked.

                Examples:
                  sift emf validate metrics.jsonl
                  sift emf validate --now 2024-06-01T12:00:00Z exports/ --format json
                """)

        @OptionGroup var input: InputOptions
        @OptionGroup var output: OutputOptions

        @Option(name: .long, help: ArgumentHelp("Reference time: ISO 8601 or epoch milliseconds.", valueName: "time"))
        var now: String?

        func validate() throws {
            if let now, Self.millis(now) == nil {
                throw ValidationError("--now: expected ISO 8601 or epoch milliseconds, got \(now)")
            }
        }

        /// `--now` as epoch milliseconds: digits are milliseconds, anything else ISO 8601.
        private static func millis(_ text: String) -> Int64? {
            Int64(text) ?? Timestamp(parsing: text)?.millisecondsSinceEpoch
        }

        func run() throws {
            let nowMillis = now.flatMap(Self.millis)
            let result = try ReportRunner.run(EMFValidateReport(nowMillis: nowMillis), input.runOptions)
            try CommandSupport.finish(table: result.table, outcome: result.outcome, output: output)
            let summary = result.merged.summary
            if !summary.violations.isEmpty {
                CommandSupport.warn("sift: \(summary.violations.count) EMF violations in \(summary.invalidRecords) of \(summary.emfRecords) records")
                throw SiftExit.dataError
            }
        }
    }
}
