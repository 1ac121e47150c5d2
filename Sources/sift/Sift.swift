import ArgumentParser
import SiftKit

/// The `sift` command: offline analysis of AWS observability exports.
@main
struct Sift: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sift",
        abstract: "Offline analysis of AWS observability exports (CloudWatch Logs, EMF, X-Ray).",
        version: siftVersion
    )
}
