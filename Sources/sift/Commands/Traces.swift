import ArgumentParser
import SiftKit

extension Sift {
    /// `sift traces`: one row per assembled trace, slowest first.
    struct Traces: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One row per trace rebuilt from X-Ray documents and OpenTelemetry spans: root service, route, duration, spans, flags.",
            discussion: """
                Traces are rebuilt from nested subsegments and parent_id links across documents and files, in any
                arrival order. Orphans (parent never seen) are kept as roots and counted; --stats shows orphans,
                clock skew, duplicates and in-progress documents. Assembly holds spans within --memory and spills the
                rest to temporary files partitioned by trace id.

                Examples:
                  sift traces xray/ --limit 10
                  sift traces --route '/collections/*' --min-duration 100 --format json segments.jsonl
                """)

        @OptionGroup var report: SpanReportOptions

        @Option(name: .long, help: "Memory budget for trace assembly in MiB; beyond it spans spill to temporary files.")
        var memory = 1024

        func run() throws {
            var options = TracesReport.Options()
            options.selection = report.selection
            options.memoryBudgetBytes = max(1, memory) << 20
            try report.run(TracesReport(options))
        }
    }

    /// `sift trace ID`: the waterfall of one trace.
    struct TraceCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "trace",
            abstract: "The waterfall of one trace: indented tree with offsets, durations, self time, SQL and errors.",
            discussion: """
                --format json prints the nested tree; --format csv one row per span.

                Examples:
                  sift trace 1-6b05d2a4-bd4532e0d966da4a451f6cbc xray/segments.jsonl
                  sift trace 1-6b05d2a4-bd4532e0d966da4a451f6cbc --format json capture.udp | jq .
                """)

        @Argument(help: "The trace id: X-Ray (1-XXXXXXXX-YYYYYYYYYYYYYYYYYYYYYYYY) or OpenTelemetry (32 hex digits).")
        var traceID: String

        @OptionGroup var input: InputOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            var options = TracesReport.Options()
            options.traceID = traceID
            let (rows, outcome) = ReportRunner.rows(TracesReport(options), input.runOptions)
            let out = OutputWriter()
            // An OpenTelemetry id names the same trace as its X-Ray form; print the form given.
            guard var trace = rows.lazy.compactMap(\.trace).first(where: { $0.traceID == options.wantedTraceID }) else {
                try CommandSupport.finish(outcome: outcome, output: output, out: out)
                CommandSupport.warn("sift: trace \(DisplayText.escaped(traceID)) not found")
                throw SiftExit.failure
            }
            trace.traceID = traceID
            switch output.format {
            case .table: out.write(TraceWaterfall.text(trace))
            case .json: out.write(TraceWaterfall.json(trace) + "\n")
            case .csv: TableRenderer.render(TraceWaterfall.table(trace), as: .csv, to: out)
            }
            out.flush()
            try CommandSupport.finish(outcome: outcome, output: output, out: out)
        }
    }
}
