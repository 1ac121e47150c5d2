import Foundation
import SiftKit
import SiftTestSupport
import Testing

/// Counts each input's framed records: one `name=count` entry per input that was read.
private struct RecordCountReport: Report {
    func makePartial() -> Partial { Partial() }
    func rows(from merged: inout Partial, _ diagnostics: inout Diagnostics, _ statistics: inout RunStatistics) -> [String] {
        merged.entries
    }
    func table(_ rows: [String], of merged: Partial) -> Table {
        Table(columns: [.init("entry", .string)], rows: rows.map { [.string($0)] })
    }

    struct Partial: ReportPartial {
        var entries: [String] = []
        var demand: RecordDemand { .otherRecords }
        mutating func finishInput(_ input: OpenedInput, records: Int, _ diagnostics: inout Diagnostics) {
            entries.append("\(input.source.name)=\(records)")
        }
        mutating func merge(_ other: Partial, _ diagnostics: inout Diagnostics) { entries += other.entries }
    }
}

@Suite struct ReportRunnerTests {
    /// A temporary directory with `count` JSON inputs; every 7th has a value over 100 bytes as record 2.
    private func makeInputs(_ count: Int, in directory: TempDir) throws {
        for i in 0..<count {
            var text = ""
            for line in 0..<(i % 5 + 1) { text += #"{"input":\#(i),"line":\#(line)}"# + "\n" }
            if i % 7 == 3 { text = #"{"input":\#(i)}"# + "\n" + #"{"pad":""# + String(repeating: "x", count: 200) + "\"}\n" + text }
            let name = String(format: "input-%03d.jsonl", i)
            try directory.write(name, text)
        }
    }

    private func withInputs<T>(_ count: Int, _ body: (URL) throws -> T) throws -> T {
        try TempDir.with(prefix: "sift-runner") { directory in
            try makeInputs(count, in: directory)
            return try body(directory.url)
        }
    }

    /// Counts each input's framed records; values over 100 bytes are skipped as too large.
    private func countRecords(_ options: RunOptions) -> (states: [String], outcome: RunOutcome) {
        let (rows, outcome) = ReportRunner.rows(RecordCountReport(), options)
        return (rows, outcome)
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

            let names = one.states.map { $0.split(separator: "=")[0] }
            #expect(names == names.sorted())
            #expect(names.count == 60)
            for run in [two, five] {
                #expect(run.states == one.states)
                #expect(run.outcome.diagnostics.skippedByKind == one.outcome.diagnostics.skippedByKind)
                #expect(run.outcome.diagnostics.examples.map(\.description) == one.outcome.diagnostics.examples.map(\.description))
                #expect(run.outcome.statistics.inputs == 60)
                #expect(run.outcome.statistics.bytesIn == one.outcome.statistics.bytesIn)
                #expect(run.outcome.statistics.recordsByFormat == one.outcome.statistics.recordsByFormat)
                #expect(run.outcome.unusableInputs == 0)
            }
            let broken = (0..<60).filter { $0 % 7 == 3 }
            #expect(one.outcome.diagnostics.skippedByKind == ["JSON value too large": broken.count])
            // The first five examples are the first five broken inputs, each at record 2.
            let expected = broken.prefix(5).map { String(format: "%@/input-%03d.jsonl record 2", directory.path, $0) }
            #expect(one.outcome.diagnostics.examples.map { "\($0.location.source) record \($0.location.record ?? 0)" } == expected)
            let total = (0..<60).map { $0 % 5 + 1 + ($0 % 7 == 3 ? 1 : 0) }.reduce(0, +)
            #expect(one.outcome.statistics.recordsByFormat.values.reduce(0, +) == total)
        }
    }

    @Test("missing paths and unknown formats are reported and the other inputs are read")
    func problems() throws {
        try withInputs(3) { directory in
            let junk = directory.appendingPathComponent("zz-junk.bin")
            try Data([0x00, 0x01, 0x02, 0xFF, 0x00, 0x10]).write(to: junk)
            let run = countRecords(RunOptions(paths: ["/nonexistent/input", directory.path], workers: 2))
            #expect(run.states.count == 3)
            #expect(run.outcome.statistics.inputs == 3)
            #expect(run.outcome.unusableInputs == 2)
            #expect(run.outcome.diagnostics.skippedByKind == ["not found": 1, "unknown format": 1])
            #expect(run.outcome.diagnostics.examples.map(\.description) == [
                "/nonexistent/input: no such file or directory", "\(junk.path): unknown format (binary data)",
            ])
        }
    }

    @Test("strict: the first bad record ends the run; later inputs are not read")
    func strict() throws {
        try withInputs(8) { directory in
            let run = countRecords(RunOptions(paths: [directory.path], strict: true, maxRecordBytes: 100, workers: 1))
            #expect(run.outcome.diagnostics.skippedCount == 1)
            #expect(run.outcome.diagnostics.examples.first?.location.source.hasSuffix("input-003.jsonl") == true)
            // Inputs 0-3 were read (3 stopped at its bad record); none after it was opened.
            #expect(run.states.count == 4)
            #expect(run.states[3] == "\(directory.path)/input-003.jsonl=1")
        }
    }

    @Test("an empty directory argument is named", .timeLimit(.minutes(1)))
    func emptyDirectory() throws {
        try withInputs(0) { directory in
            let run = countRecords(RunOptions(paths: [directory.path]))
            #expect(run.states.isEmpty)
            #expect(run.outcome.diagnostics.examples.map(\.description) == ["\(directory.path): directory holds no files to read"])
        }
    }
}
