import Histogram

/// Records `Double` samples and answers nearest-rank percentiles, exactly while it can.
///
/// The accumulator stores every value until it holds more than `exactLimit` of them (default
/// 1 000 000). Beyond that it moves them into an HdrHistogram with three significant digits and
/// sets ``isApproximate``: memory stays fixed and each percentile is within 0.1 % (relative) of the
/// exact answer, plus one histogram unit. An approximate percentile is the upper bound of the
/// histogram bucket holding the rank-th sample, clamped to the exact `min...max`.
///
/// Histogram units: a sample `v` is recorded as the integer `round(v * unitsPerValue)`. The
/// default `unitsPerValue` of 1000 suits milliseconds (recorded as integer microseconds). Negative
/// samples and samples below one unit are recorded as 0 in the histogram; `count`, `sum`, `min`,
/// `max` and `mean` stay exact in both modes.
///
/// Percentiles use the nearest-rank definition: for sorted values `v[1...n]`,
/// `P(p) = v[ceil(p / 100 * n)]`, with the rank computed in integer arithmetic (see
/// ``nearestRank(percentile:count:)``).
///
/// ```swift
/// var latency = PercentileAccumulator()
/// for v in [3.0, 1.0, 2.0, 4.0] { latency.add(v) }
/// latency.percentile(50)   // 2.0
/// latency.percentile(95)   // 4.0
/// ```
public struct PercentileAccumulator: Sendable {
    /// The number of samples kept exactly before switching to the histogram.
    public let exactLimit: Int
    /// Histogram units per unit of value (1000: milliseconds recorded as microseconds).
    public let unitsPerValue: Double

    /// The number of samples recorded.
    public private(set) var count: Int = 0
    /// The sum of the samples.
    public private(set) var sum: Double = 0
    /// The smallest sample, or `nil` when empty.
    public private(set) var min: Double?
    /// The largest sample, or `nil` when empty.
    public private(set) var max: Double?

    /// The exact samples, in arrival order until the first percentile query sorts them.
    private var values: [Double] = []
    /// Whether `values` is currently sorted (percentile queries sort once and cache).
    private var isSorted = true
    /// The histogram once the accumulator has gone approximate.
    private var histogram: Histogram<UInt64>?

    /// Creates an empty accumulator.
    ///
    /// - Parameters:
    ///   - exactLimit: How many samples to keep exactly (tests pass a small number).
    ///   - unitsPerValue: Histogram units per unit of value once approximate.
    public init(exactLimit: Int = 1_000_000, unitsPerValue: Double = 1000) {
        precondition(exactLimit >= 0 && unitsPerValue > 0, "exactLimit must be >= 0 and unitsPerValue > 0")
        self.exactLimit = exactLimit
        self.unitsPerValue = unitsPerValue
    }

    /// `true` once the samples went into the histogram (percentiles are then approximate).
    public var isApproximate: Bool { histogram != nil }

    /// The arithmetic mean, or `nil` when empty.
    public var mean: Double? { count == 0 ? nil : sum / Double(count) }

    /// Records one sample. NaN samples are ignored.
    ///
    /// - Complexity: Amortized O(1); O(n) once, when the exact limit is crossed.
    public mutating func add(_ value: Double) {
        guard !value.isNaN else { return }
        count += 1
        sum += value
        if min.map({ value < $0 }) ?? true { min = value }
        if max.map({ value > $0 }) ?? true { max = value }
        if histogram != nil {
            histogram!.record(histogramUnits(value))
            return
        }
        if isSorted, let last = values.last, value < last { isSorted = false }
        values.append(value)
        if values.count > exactLimit { switchToHistogram() }
    }

    /// Adds every sample of `other`.
    ///
    /// Two exact accumulators stay exact while the combined count is within `exactLimit`;
    /// otherwise the result is approximate.
    /// - Precondition: Both use the same `unitsPerValue`.
    public mutating func merge(_ other: PercentileAccumulator) {
        precondition(unitsPerValue == other.unitsPerValue, "merging accumulators with different histogram units")
        guard other.count > 0 else { return }
        count += other.count
        sum += other.sum
        if let m = other.min, min.map({ m < $0 }) ?? true { min = m }
        if let m = other.max, max.map({ m > $0 }) ?? true { max = m }
        if let otherHistogram = other.histogram {
            if histogram == nil { switchToHistogram() }
            histogram!.add(otherHistogram)
        } else if histogram != nil {
            for v in other.values { histogram!.record(histogramUnits(v)) }
        } else {
            if isSorted, !other.values.isEmpty { isSorted = false }
            values.append(contentsOf: other.values)
            if values.count > exactLimit { switchToHistogram() }
        }
    }

    /// The nearest-rank percentile `p` (0...100), or `nil` when empty.
    ///
    /// `p <= 0` gives the minimum. Exact mode sorts once and caches the order until the next `add`.
    /// - Complexity: O(n log n) for the first query after adding, then O(1); O(buckets) when approximate.
    public mutating func percentile(_ p: Double) -> Double? {
        guard count > 0 else { return nil }
        let rank = Self.nearestRank(percentile: p, count: count)
        if let histogram {
            var seen: UInt64 = 0
            for bucket in histogram.recordedValues() {
                seen += UInt64(bucket.count)
                if seen >= UInt64(rank) {
                    let value = Double(bucket.value) / unitsPerValue
                    return Swift.min(Swift.max(value, min!), max!)
                }
            }
            return max
        }
        if !isSorted {
            values.sort()
            isSorted = true
        }
        return values[rank - 1]
    }

    /// The 1-based nearest rank `ceil(p / 100 * n)`, clamped to `1...n`.
    ///
    /// Integral `p` uses `(p * n + 99) / 100` in integers. Fractional `p` is scaled to an integer
    /// number of millionths when that is exact (`99.9` → `99_900_000 / 100_000_000`), so floating
    /// error never moves the rank; other `p` fall back to `ceil` in `Double`.
    public static func nearestRank(percentile p: Double, count n: Int) -> Int {
        precondition(n > 0, "nearestRank needs at least one value")
        guard p > 0 else { return 1 }
        guard p < 100 else { return n }
        let scale = 1_000_000.0
        let scaled = (p * scale).rounded()
        let rank: Int
        if abs(scaled - p * scale) < 1e-6, n < Int.max / 100_000_000 {
            let numerator = Int(scaled) * n
            let denominator = 100 * Int(scale)
            rank = (numerator + denominator - 1) / denominator
        } else {
            rank = Int((p / 100 * Double(n)).rounded(.up))
        }
        return Swift.min(Swift.max(rank, 1), n)
    }

    private func histogramUnits(_ value: Double) -> UInt64 {
        let scaled = (value * unitsPerValue).rounded()
        guard scaled > 0 else { return 0 }
        return scaled >= Double(UInt64.max / 4) ? UInt64.max / 4 : UInt64(scaled)
    }

    private mutating func switchToHistogram() {
        var h = Histogram<UInt64>(numberOfSignificantValueDigits: .three)
        for v in values { h.record(histogramUnits(v)) }
        histogram = h
        values = []
        isSorted = true
    }
}
