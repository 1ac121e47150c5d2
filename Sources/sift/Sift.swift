import ArgumentParser
import SiftKit

/// The `sift` command: offline analysis of AWS observability exports.
@main
struct Sift: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sift",
        abstract: "Offline analysis of AWS observability exports (CloudWatch Logs, EMF, X-Ray).",
        discussion: """
            Inputs are files, directories (read recursively) or - for standard input, in any mix;
            gzip (also multi-member), zlib and plain inputs are detected from their bytes.

            Examples:
              sift detect exports/
              sift cat firehose/2024/05/01/ | jq .message
              sift endpoints xray/ --format json | head

            \(SiftExit.discussion)
            """,
        version: siftVersion,
        subcommands: [
            Detect.self, Cat.self, Logs.self, Endpoints.self, SQL.self, Errors.self, Traces.self, TraceCommand.self,
            EMF.self, Metrics.self, QueryCommand.self,
        ]
    )

    static func main() {
        OutputWriter.ignoreBrokenPipeSignal()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            exit(withError: error)
        }
    }
}
