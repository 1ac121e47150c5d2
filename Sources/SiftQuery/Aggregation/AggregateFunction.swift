/// One aggregate a report column or a Logs Insights `stats` clause asks for.
///
/// `count` counts rows (`count(*)`); `countValues` counts rows whose value was present
/// (`count(x)`); the rest summarise the values fed to ``AggregateState/add(_:)``.
public enum AggregateFunction: Sendable, Hashable, CustomStringConvertible {
    /// `count(*)`: every row.
    case count
    /// `count(x)`: rows with a value.
    case countValues
    /// The sum of the values.
    case sum
    /// The arithmetic mean.
    case avg
    /// The smallest value.
    case min
    /// The largest value.
    case max
    /// The nearest-rank percentile `p` (0...100), e.g. `.pct(95)`.
    case pct(Double)
    /// The number of distinct values (exact; memory grows with the distinct count).
    case countDistinct
    /// The population standard deviation (Welford; merges with Chan et al.).
    case stddev

    /// The Logs Insights spelling, e.g. `pct(95)`, `count_distinct`.
    public var description: String {
        switch self {
        case .count: return "count(*)"
        case .countValues: return "count"
        case .sum: return "sum"
        case .avg: return "avg"
        case .min: return "min"
        case .max: return "max"
        case .pct(let p): return "pct(\(p == p.rounded() && abs(p) < 1e15 ? String(Int64(p)) : String(p)))"
        case .countDistinct: return "count_distinct"
        case .stddev: return "stddev"
        }
    }
}
