import ArgumentParser
import Foundation
import SiftKit

extension Sift {
    /// `sift metrics`: the EMF metric inventory, and `stats` for one metric.
    struct Metrics: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Metrics extracted from EMF records: inventory (default) and statistics.",
            subcommands: [Inventory.self, Stats.self], defaultSubcommand: Inventory.self)
    }
}

extension Sift.Metrics {
    /// `sift metrics [inventory]`: one row per namespace, metric and dimensions.
    struct Inventory: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One row per metric stream: namespace, metric, dimensions, unit, datapoints, count/sum/min/max, first and last time.",
            discussion: """
                Only valid EMF records count (see `sift emf validate`). Dimensions are k=v,... in dimension-set order
                (--format json: an object, keys in that order).

                Examples:
                  sift metrics exports/
                  sift metrics --format csv metrics.jsonl
                """)

        @OptionGroup var input: InputOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            try CommandSupport.run(MetricsInventoryReport(), input.runOptions, output)
        }
    }

    /// `sift metrics stats`: CloudWatch statistics per period and dimension combination.
    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "CloudWatch statistics of one metric per period and dimension combination.",
            discussion: """
                Statistics: SampleCount, Sum, Average, Minimum, Maximum, pNN (exact nearest rank). Statistic
                sets (ADOT {Max,Min,Count,Sum}) have no percentiles; such rows say so in the note column.

                Examples:
                  sift metrics stats --namespace Shop/API --metric Latency --period 300 --stat SampleCount,p50,p99 exports/
                  sift metrics stats --namespace MyApp --metric Latency --dimension Route=/items --period 60 logs/
                """)

        @OptionGroup var input: InputOptions
        @OptionGroup var output: OutputOptions

        @Option(name: .long, help: "The namespace.")
        var namespace: String

        @Option(name: .long, help: "The metric name.")
        var metric: String

        @Option(name: .long, help: ArgumentHelp("Keep datapoints with this dimension (repeatable).", valueName: "K=V"))
        var dimension: [String] = []

        @Option(name: .long, help: "The period in seconds.")
        var period: Int64 = 60

        @Option(name: .long, help: "Comma-separated statistics.")
        var stat = "SampleCount,Sum,Average,Minimum,Maximum,p50,p99"

        @OptionGroup var explain: ExplainOption

        func validate() throws {
            guard period > 0, period <= 3_153_600_000 else { throw ValidationError("--period must be between 1 and 3153600000 seconds (100 years)") }
            for s in statistics where !MetricStatsReport.isKnown(s) {
                throw ValidationError("--stat: unknown statistic \(s) (SampleCount, Sum, Average, Minimum, Maximum, pNN)")
            }
            for d in dimension where !d.contains("=") { throw ValidationError("--dimension: expected K=V, got \(d)") }
        }

        /// `--stat`, split.
        private var statistics: [String] { stat.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }

        func run() throws {
            var options = MetricStatsReport.Options(namespace: namespace, metric: metric)
            options.periodSeconds = period
            options.statistics = statistics
            for d in dimension {
                let eq = d.firstIndex(of: "=")!
                options.dimensions.append((String(d[..<eq]), String(d[d.index(after: eq)...])))
            }
            if explain.printsQuery(MetricStatsReport.explanation(options)) { return }
            try CommandSupport.run(MetricStatsReport(options), input.runOptions, output)
        }
    }
}
