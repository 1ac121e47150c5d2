import SiftFormats

/// The CloudWatch totals both metrics reports keep per group: sample count, sum, minimum and
/// maximum, fed by EMF datapoints whose values are weighted by their histogram counts, or by
/// statistic sets taken whole.
protocol MetricTotals {
    var count: Double { get set }
    var sum: Double { get set }
    var minimum: Double { get set }
    var maximum: Double { get set }
}

extension MetricTotals {
    /// Adds one datapoint's totals; returns whether it was a statistic set (which carries no values).
    @discardableResult
    mutating func addTotals(_ point: EMFDecoder.Datapoint, _ decoder: EMFDecoder) -> Bool {
        if let set = point.statisticSet {
            count += set.sampleCount
            sum += set.sum
            minimum = Swift.min(minimum, set.minimum)
            maximum = Swift.max(maximum, set.maximum)
            return true
        }
        for i in point.values {
            let v = decoder.values[i], c = decoder.counts[i]
            count += c
            sum += v * c
            minimum = Swift.min(minimum, v)
            maximum = Swift.max(maximum, v)
        }
        return false
    }

    /// Adds another shard's totals.
    mutating func mergeTotals(_ other: some MetricTotals) {
        count += other.count
        sum += other.sum
        minimum = Swift.min(minimum, other.minimum)
        maximum = Swift.max(maximum, other.maximum)
    }
}
