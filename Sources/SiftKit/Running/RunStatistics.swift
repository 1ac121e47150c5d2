/// Counters for `--stats`: bytes in and out, inputs and records by format, and time.
public struct RunStatistics: Sendable {
    /// Inputs opened.
    public var inputs = 0
    /// Compressed (on-disk) bytes read.
    public var bytesIn: Int64 = 0
    /// Decompressed bytes framed.
    public var bytesDecompressed: Int64 = 0
    /// Inputs by detected format.
    public var inputsByFormat: [String: Int] = [:]
    /// Records by format.
    public var recordsByFormat: [String: Int] = [:]
    /// Wall time in seconds.
    public var seconds: Double = 0
    /// Extra lines a report adds (e.g. which percentiles were approximate).
    public var notes: [String] = []

    /// Creates empty counters.
    public init() {}

    /// Adds another input's counters.
    public mutating func merge(_ other: RunStatistics) {
        inputs += other.inputs
        bytesIn += other.bytesIn
        bytesDecompressed += other.bytesDecompressed
        inputsByFormat.merge(other.inputsByFormat, uniquingKeysWith: +)
        recordsByFormat.merge(other.recordsByFormat, uniquingKeysWith: +)
        notes += other.notes
    }

    /// The multi-line `--stats` text.
    public func render(diagnosticsSkipped: [String: Int], ignored: [String: Int], notes extra: [String: Int]) -> String {
        func mb(_ bytes: Int64) -> String { String(Double(bytes * 10 / 1_048_576) / 10) }
        var lines: [String] = []
        let rate = seconds > 0 ? Double(bytesDecompressed) / 1_048_576 / seconds : 0
        lines.append("sift: stats: \(inputs) input\(inputs == 1 ? "" : "s"), \(bytesIn) bytes in (\(mb(bytesIn)) MiB), \(bytesDecompressed) bytes decompressed (\(mb(bytesDecompressed)) MiB), \(String(format3(seconds))) s, \(Int(rate)) MiB/s")
        for (format, count) in inputsByFormat.sorted(by: { $0.key < $1.key }) {
            lines.append("sift: stats: format \(format): \(count) input\(count == 1 ? "" : "s"), \(recordsByFormat[format, default: 0]) records")
        }
        let skipped = diagnosticsSkipped.values.reduce(0, +)
        lines.append("sift: stats: skipped \(skipped) record\(skipped == 1 ? "" : "s")")
        for (kind, count) in diagnosticsSkipped.sorted(by: { $0.key < $1.key }) { lines.append("sift: stats:   \(kind): \(count)") }
        for (kind, count) in ignored.sorted(by: { $0.key < $1.key }) { lines.append("sift: stats: ignored \(kind): \(count)") }
        for (kind, count) in extra.sorted(by: { $0.key < $1.key }) { lines.append("sift: stats: \(kind): \(count)") }
        for note in notes { lines.append("sift: stats: \(note)") }
        return lines.joined(separator: "\n")
    }
}

private func format3(_ value: Double) -> String {
    let scaled = Int64((value * 1000).rounded())
    let frac = String(scaled % 1000)
    return "\(scaled / 1000)." + String(repeating: "0", count: 3 - frac.count) + frac
}
