@testable import SiftKit
import Testing

@Suite struct ProgressLineTests {
    @Test("the progress text: bytes of the total, percent, records, rate and time left")
    func text() {
        let line = ProgressLine.text(bytes: 412_300_000, totalBytes: 1_030_000_000, records: 1_204_113, seconds: 1.329)
        #expect(line == "sift: 412.3 MB of 1.0 GB (40%), 1,204,113 records, 310.2 MB/s, 2 s left")
    }

    @Test("without a known total (standard input) the line has no percent and no time left")
    func unknownTotal() {
        #expect(ProgressLine.text(bytes: 5_000_000, totalBytes: 0, records: 12, seconds: 2) == "sift: 5.0 MB, 12 records, 2.5 MB/s")
    }

    @Test("finish erases a drawn line and returns without waiting for the next redraw", .timeLimit(.minutes(1)))
    func finishes() {
        let clock = ContinuousClock()
        let line = ProgressLine(totalBytes: 100)
        let started = clock.now
        line.finish()
        #expect(clock.now - started < .milliseconds(200))
    }
}
