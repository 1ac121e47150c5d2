import ArgumentParser
import Foundation
import SiftKit

extension InputFormat: ExpressibleByArgument {}

/// Input flags shared by every command.
struct InputOptions: ParsableArguments {
    @Argument(help: "Files, directories (read recursively) or - for standard input. None means standard input.")
    var paths: [String] = []

    @Option(name: .long, help: ArgumentHelp("Read every input as this format instead of detecting it.", valueName: "format"))
    var inputFormat: InputFormat?

    @Flag(name: .long, help: "Stop at the first malformed record and exit with status 65.")
    var strict = false

    @Option(name: .long, help: "The longest line or JSON value accepted, in bytes; longer ones are skipped and counted.")
    var maxLineBytes: Int = 16 << 20

    @Option(name: .long, help: "Worker threads (default: all cores).")
    var jobs: Int?

    func validate() throws {
        guard maxLineBytes > 0 else { throw ValidationError("--max-line-bytes must be positive.") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1.") }
    }

    /// The run options these flags describe; the progress line is drawn only when stderr is a
    /// terminal (`SIFT_PROGRESS=1` forces it, `SIFT_PROGRESS=0` turns it off).
    var runOptions: RunOptions {
        RunOptions(
            paths: paths, inputFormat: inputFormat, strict: strict, maxRecordBytes: maxLineBytes,
            workers: jobs ?? ParallelMap.defaultWorkers, progress: Self.drawsProgress)
    }

    private static var drawsProgress: Bool {
        switch ProcessInfo.processInfo.environment["SIFT_PROGRESS"] {
        case "1": return true
        case "0": return false
        default: return isatty(2) != 0
        }
    }
}
