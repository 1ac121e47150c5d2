import Foundation
import SiftKit
import SiftTestSupport
import Testing

@Suite struct InputRunnerTests {
    /// A temporary directory with `count` JSON inputs; every 7th has a value over 100 bytes as record 2.
    private func makeInputs(_ count: Int, in directory: URL) throws {
        for i in 0..<count {
            var text = ""
            for line in 0..<(i % 5 + 1) { text += #"{"input":\#(i),"line":\#(line)}"# + "\n" }
            if i % 7 == 3 { text = #"{"input":\#(i)}"# + "\n" + #"{"pad":""# + String(repeating: "x", count: 200) + "\"}\n" + text }
            let name = String(format: "input-%03d.jsonl", i)
            try Data(text.utf8).write(to: directory.appendingPathComponent(name))
        }
    }

    private func withInputs<T>(_ count: Int, _ body: (URL) throws -> T) throws -> T {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sift-runner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: url) }
        try makeInputs(count, in: url)
        return try body(url)
    }

    /// Counts each input's framed records; values over 100 bytes are skipped as too large.
    private func countRecords(_ options: RunOptions) -> InputRun<String> {
        InputRunner.run(options) { input, diagnostics in
            var framer = RecordFramer(input.stream, framing: input.framing, maxRecordBytes: input.maxRecordBytes)
            var count = 0
            while framer.next(&diagnostics) != nil { count += 1 }
            return ("\(input.source.name)=\(count)", count)
        }
    }

    @Test("many inputs: states and diagnostics in input order, equal for 1 and 2 workers")
    func determinism() throws {
        try withInputs(60) { directory in
            var options = RunOptions(paths: [directory.path], maxRecordBytes: 100, workers: 1)
            let one = countRecords(options)
            options.workers = 2
            let two = countRecords(options)
            options.workers = 5
            let five = countRecords(options)

            let names = one.states.map { $0!.split(separator: "=")[0] }
            #expect(names == names.sorted())
            #expect(names.count == 60)
            for run in [two, five] {
                #expect(run.states == one.states)
                #expect(run.diagnostics.skippedByKind == one.diagnostics.skippedByKind)
                #expect(run.diagnostics.examples.map(\.description) == one.diagnostics.examples.map(\.description))
                #expect(run.statistics.inputs == 60)
                #expect(run.statistics.bytesIn == one.statistics.bytesIn)
                #expect(run.statistics.recordsByFormat == one.statistics.recordsByFormat)
                #expect(run.unusableInputs == 0)
            }
            let broken = (0..<60).filter { $0 % 7 == 3 }
            #expect(one.diagnostics.skippedByKind == ["JSON value too large": broken.count])
            // The first five examples are the first five broken inputs, each at record 2.
            let expected = broken.prefix(5).map { String(format: "%@/input-%03d.jsonl record 2", directory.path, $0) }
            #expect(one.diagnostics.examples.map { "\($0.location.source) record \($0.location.record ?? 0)" } == expected)
            let total = (0..<60).map { $0 % 5 + 1 + ($0 % 7 == 3 ? 1 : 0) }.reduce(0, +)
            #expect(one.statistics.recordsByFormat.values.reduce(0, +) == total)
        }
    }

    @Test("missing paths and unknown formats are reported and the other inputs are read")
    func problems() throws {
        try withInputs(3) { directory in
            let junk = directory.appendingPathComponent("zz-junk.bin")
            try Data([0x00, 0x01, 0x02, 0xFF, 0x00, 0x10]).write(to: junk)
            let run = countRecords(RunOptions(paths: ["/nonexistent/input", directory.path], workers: 2))
            #expect(run.states.count == 4)
            #expect(run.states.last! == nil)
            #expect(run.statistics.inputs == 3)
            #expect(run.unusableInputs == 2)
            #expect(run.diagnostics.skippedByKind == ["not found": 1, "unknown format": 1])
            #expect(run.diagnostics.examples.map(\.description) == [
                "/nonexistent/input: no such file or directory", "\(junk.path): unknown format (binary data)",
            ])
        }
    }

    @Test("strict: the first bad record ends the run; later inputs are not read")
    func strict() throws {
        try withInputs(8) { directory in
            let run = countRecords(RunOptions(paths: [directory.path], strict: true, maxRecordBytes: 100, workers: 1))
            #expect(run.diagnostics.skippedCount == 1)
            #expect(run.diagnostics.examples.first?.location.source.hasSuffix("input-003.jsonl") == true)
            #expect(run.states.prefix(3).allSatisfy { $0 != nil })
            #expect(run.states[3] == "\(directory.path)/input-003.jsonl=1")
            #expect(run.states.dropFirst(4).allSatisfy { $0 == nil })
        }
    }

    @Test("an empty directory argument is named", .timeLimit(.minutes(1)))
    func emptyDirectory() throws {
        try withInputs(0) { directory in
            let run = countRecords(RunOptions(paths: [directory.path]))
            #expect(run.states.isEmpty)
            #expect(run.diagnostics.examples.map(\.description) == ["\(directory.path): directory holds no files to read"])
        }
    }
}
