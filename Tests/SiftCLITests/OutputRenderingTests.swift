import Foundation
import SiftTestSupport
import Testing

/// What `--format` prints.
@Suite struct OutputRenderingTests {
    static let corpusEMF = Fixtures.local("corpus/cwlogs")

    @Test("CSV from the CLI ends every line in LF, never CRLF", arguments: [["detect"], ["endpoints"], ["metrics"]])
    func csvLineEnding(_ command: [String]) throws {
        let path = command == ["metrics"] ? Self.corpusEMF : Fixtures.local("corpus/xray/jsonl")
        let result = try SiftProcess.run(command + ["--format", "csv", path])
        #expect(result.status == 0)
        #expect(!result.stdoutBytes.isEmpty)
        #expect(!result.stdoutBytes.contains(0x0D))
        #expect(result.stdoutBytes.last == 0x0A)
    }
}
