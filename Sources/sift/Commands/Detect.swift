import ArgumentParser
import SiftKit

extension Sift {
    /// `sift detect`: what each input is.
    struct Detect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print each input's format, compression, size and record count.",
            discussion: """
                Formats are detected from the first decompressed bytes, never from the file name.

                Examples:
                  sift detect exports/
                  sift detect --format json firehose/ | jq -r .format
                """)

        @OptionGroup var input: InputOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            try CommandSupport.run(InputInventory(), input.runOptions, output)
        }
    }
}
