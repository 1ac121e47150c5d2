import ArgumentParser
import SiftKit

extension Sift {
    /// `sift logs`: CloudWatch log events from any export shape.
    struct Logs: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print CloudWatch log events from S3 exports, Firehose objects, subscription events and CLI outputs.",
            discussion: """
                Reads S3 export trees (<prefix>/<task id>/<stream>/000000.gz; the stream is every folder between the
                task id and the part file; aws-logs-write-test is ignored; lines without a leading timestamp continue
                the previous event), Firehose objects (concatenated gzip subscription payloads; CONTROL_MESSAGEs are
                ignored), Lambda/Kinesis/Firehose-transformation events (base64 gzip or zlib), filter-log-events and
                get-log-events output, and Logs Insights get-query-results output.

                Output: --format table prints "<ISO time> <stream> <message>" lines; json prints JSON Lines with
                timestamp, timestamp_ms, ingestion_time_ms, group, stream, event_id, message, @source, @line or
                @record, and @offset; csv prints the same columns without the location. --messages prints the
                messages alone.

                Order: inputs in the order given, events in file order (S3 exports are not sorted by AWS).
                --sort orders by timestamp, ties kept in input order; it, and a relative --since/--until (measured
                back from the latest event in the data), hold the kept events in memory. Duplicates from
                at-least-once delivery or overlapping exports are printed as they appear.

                Examples:
                  sift logs exports/ --sort --since -2h
                  sift logs firehose/2024/05/01/ --stream 'ecs/api/*' --format json | jq .message
                  sift logs filter-log-events.json --log-group /ecs/api --format csv > events.csv
                """)

        @OptionGroup var input: InputOptions
        @OptionGroup var output: OutputOptions

        @Option(name: .long, help: ArgumentHelp("The log group for inputs that do not name one (S3 exports, filter-log-events).", valueName: "name"))
        var logGroup: String?

        @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Only events at or after this time: ISO 8601, epoch ms, or -30m/-2h/-1d before the latest event.", valueName: "time"))
        var since: String?

        @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Only events before this time (same forms as --since).", valueName: "time"))
        var until: String?

        @Option(name: .long, help: ArgumentHelp("Only streams matching this glob (* matches any run, including /).", valueName: "glob"))
        var stream: String?

        @Option(name: .long, help: ArgumentHelp("Only events matching this CloudWatch filter pattern.", valueName: "pattern"))
        var filter: String?

        @Flag(name: .long, help: "Sort by timestamp (stable; holds the events in memory).")
        var sort = false

        @Flag(name: .long, help: "Print the messages alone, one per line.")
        var messages = false

        @Flag(name: .customLong("location", withSingleDash: false), inversion: .prefixedNo, help: "Add @source, @line/@record and @offset to JSON lines.")
        var location = true

        func validate() throws {
            if let since, LogTimeBound(parsing: since) == nil { throw ValidationError("--since: cannot read '\(since)' as a time.") }
            if let until, LogTimeBound(parsing: until) == nil { throw ValidationError("--until: cannot read '\(until)' as a time.") }
            if messages && output.format != .table { throw ValidationError("--messages cannot be combined with --format \(output.format.rawValue).") }
            if let filter { _ = try LogFilters.make(filter) }
        }

        func run() throws {
            var options = LogsReport.Options()
            options.since = since.flatMap { LogTimeBound(parsing: $0) }
            options.until = until.flatMap { LogTimeBound(parsing: $0) }
            options.streamGlob = stream
            options.sort = sort
            options.withLocation = location
            if let filter { options.messageFilter = try LogFilters.make(filter) }
            switch output.format {
            case .table: options.style = messages ? .message : .text
            case .json: options.style = .json
            case .csv: options.style = .csv
            }
            var runOptions = input.runOptions
            runOptions.logGroup = logGroup
            let out = OutputWriter()
            let outcome = LogsReport.run(runOptions, options, to: out)
            out.flush()
            try CommandSupport.finish(outcome: outcome, output: output, out: out)
        }
    }
}
