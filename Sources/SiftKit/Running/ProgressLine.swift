import Foundation
import SiftFormats

/// The progress line on stderr: bytes and records read of the total, rate and time left.
///
/// Redrawn four times a second on a background thread from the workers' ``ProgressCounters``,
/// and erased when the run ends, so nothing of it stays in a terminal's scrollback. The CLI asks
/// for it only when stderr is a terminal; nothing from the data is ever printed in it.
///
/// `sift: 412.3 MB of 1.0 GB (40%), 1,204,113 records, 310.2 MB/s, 2 s left`
final class ProgressLine: Sendable {
    /// What the workers publish into.
    let counters = ProgressCounters()
    private let totalBytes: Int64
    /// Signalled by ``finish()``: wakes the drawing thread at once instead of after its pause.
    private let done = DispatchSemaphore(value: 0)
    private let stoppedDrawing = DispatchSemaphore(value: 0)

    /// Starts drawing.
    /// - Parameter totalBytes: the on-disk size of every input (0 when unknown, e.g. stdin).
    init(totalBytes: Int64) {
        self.totalBytes = totalBytes
        let started = ContinuousClock.now
        Thread.detachNewThread { [self] in
            var drawn = false
            while done.wait(timeout: .now() + .milliseconds(250)) == .timedOut {
                let elapsed = ContinuousClock.now - started
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                write("\r\u{1B}[K" + Self.text(
                    bytes: counters.bytesRead, totalBytes: totalBytes, records: counters.recordsRead, seconds: seconds))
                drawn = true
            }
            if drawn { write("\r\u{1B}[K") }
            stoppedDrawing.signal()
        }
    }

    /// Stops drawing and erases the line; returns once it is erased.
    func finish() {
        done.signal()
        stoppedDrawing.wait()
    }

    /// The line's text (without the terminal controls).
    static func text(bytes: Int64, totalBytes: Int64, records: Int64, seconds: Double) -> String {
        var parts = ["sift: " + megabytes(bytes) + (totalBytes > 0 ? " of " + megabytes(totalBytes) : "")]
        if totalBytes > 0 { parts[0] += " (\(min(100, bytes * 100 / max(1, totalBytes)))%)" }
        parts.append(grouped(records) + " records")
        let rate = seconds > 0 ? Double(bytes) / seconds : 0
        parts.append(megabytes(Int64(rate)) + "/s")
        if totalBytes > 0, rate > 0, bytes < totalBytes {
            parts.append("\(Int((Double(totalBytes - bytes) / rate).rounded(.up))) s left")
        }
        return parts.joined(separator: ", ")
    }

    private static func megabytes(_ bytes: Int64) -> String {
        if bytes >= 1_000_000_000 { return tenths(Double(bytes) / 1e9) + " GB" }
        return tenths(Double(bytes) / 1e6) + " MB"
    }

    private static func tenths(_ value: Double) -> String {
        let scaled = Int64((value * 10).rounded())
        return "\(scaled / 10).\(scaled % 10)"
    }

    private static func grouped(_ value: Int64) -> String {
        var digits = String(value)
        var out = ""
        while digits.count > 3 {
            out = "," + digits.suffix(3) + out
            digits.removeLast(3)
        }
        return digits + out
    }

    private func write(_ text: String) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buffer in _ = Glibc.write(2, buffer.baseAddress, buffer.count) }
    }
}
