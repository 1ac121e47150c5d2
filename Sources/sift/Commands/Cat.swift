import ArgumentParser
import SiftKit

extension Sift {
    /// `sift cat`: every record as JSON Lines, the universal pipe into jq.
    struct Cat: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the records of any supported input as JSON Lines, with their location.",
            discussion: """
                JSON documents are printed unchanged except for three leading members naming where they were
                read: "@source", "@line" or "@record", and "@offset" (byte offset in the decompressed input).
                --no-location prints the documents byte for byte. X-Ray documents inside batch-get-traces
                responses are printed as documents; daemon header lines are dropped.

                Examples:
                  sift cat segments.jsonl.gz | jq 'select(.fault)'
                  sift cat --no-location capture.udp | head -1
                """)

        @OptionGroup var input: InputOptions
        @OptionGroup var output: OutputOptions

        @Flag(name: .customLong("location", withSingleDash: false), inversion: .prefixedNo, help: "Add @source, @line/@record and @offset members.")
        var location = true

        func validate() throws {
            if output.format != .json && output.format != .table {
                throw ValidationError("sift cat prints JSON Lines; --format \(output.format.rawValue) is not supported here.")
            }
        }

        func run() throws {
            let out = OutputWriter()
            let outcome = RecordPrinter.printAll(input.runOptions, withLocation: location, to: out)
            try CommandSupport.finish(outcome: outcome, output: output, out: out)
        }
    }
}
