/// The running state of one ``AggregateFunction``: feed rows, merge shards, read the result.
///
/// Each case holds only what its function needs (a counter, a sum, a ``PercentileAccumulator``,
/// a set of distinct values, Welford moments), so one group with `count(*)` and `pct(x, 95)` costs
/// a counter plus one accumulator.
///
/// ```swift
/// var p95 = AggregateState(.pct(95))
/// for v in [1.0, 2.0, 3.0] { p95.add(v) }
/// p95.result()   // 3.0
/// ```
public struct AggregateState: Sendable {
    /// The function this state computes.
    public let function: AggregateFunction
    private var storage: Storage
    /// The samples of a `pct` state, outside `storage` so rows append to them in place (moving
    /// an accumulator out of and back into an enum payload copied it on every row).
    private var accumulator: PercentileAccumulator?

    private enum Storage: Sendable {
        case counter(Int)
        case sum(Double, Int)
        case extreme(Double?)
        /// The samples are in `accumulator`.
        case percentiles
        case distinct(Set<Double>)
        case moments(count: Int, mean: Double, m2: Double)
    }

    /// Creates the empty state of `function`.
    ///
    /// - Parameter exactLimit: For `pct`, how many samples stay exact (see ``PercentileAccumulator``).
    public init(_ function: AggregateFunction, exactLimit: Int = 1_000_000) {
        self.function = function
        switch function {
        case .count, .countValues: storage = .counter(0)
        case .sum, .avg: storage = .sum(0, 0)
        case .min, .max: storage = .extreme(nil)
        case .pct:
            storage = .percentiles
            accumulator = PercentileAccumulator(exactLimit: exactLimit)
        case .countDistinct: storage = .distinct([])
        case .stddev: storage = .moments(count: 0, mean: 0, m2: 0)
        }
    }

    /// Adds one row. `value` is the row's argument (`nil` when absent or not numeric): `count(*)`
    /// counts the row anyway; every other function ignores `nil`.
    public mutating func add(_ value: Double?) {
        if case .count = function, case .counter(let n) = storage {
            storage = .counter(n + 1)
            return
        }
        guard let value, !value.isNaN else { return }
        switch storage {
        case .counter(let n):
            storage = .counter(n + 1)
        case .sum(let s, let n):
            storage = .sum(s + value, n + 1)
        case .extreme(let current):
            guard let current else { storage = .extreme(value); return }
            let isMin = function == .min
            storage = .extreme(isMin ? Swift.min(current, value) : Swift.max(current, value))
        case .percentiles:
            accumulator!.add(value)
        case .distinct(var set):
            storage = .counter(0)
            set.insert(value)
            storage = .distinct(set)
        case .moments(let n, let mean, let m2):
            let count = n + 1
            let delta = value - mean
            let newMean = mean + delta / Double(count)
            storage = .moments(count: count, mean: newMean, m2: m2 + delta * (value - newMean))
        }
    }

    /// Combines another shard's state for the same function into this one.
    public mutating func merge(_ other: AggregateState) {
        precondition(function == other.function, "merging states of different aggregate functions")
        switch (storage, other.storage) {
        case (.counter(let a), .counter(let b)):
            storage = .counter(a + b)
        case (.sum(let s1, let n1), .sum(let s2, let n2)):
            storage = .sum(s1 + s2, n1 + n2)
        case (.extreme(let a), .extreme(let b)):
            guard let a else { storage = .extreme(b); return }
            guard let b else { return }
            storage = .extreme(function == .min ? Swift.min(a, b) : Swift.max(a, b))
        case (.percentiles, .percentiles):
            accumulator!.merge(other.accumulator!)
        case (.distinct(var a), .distinct(let b)):
            storage = .counter(0)
            a.formUnion(b)
            storage = .distinct(a)
        case (.moments(let n1, let mean1, let m21), .moments(let n2, let mean2, let m22)):
            guard n1 > 0 else { storage = other.storage; return }
            guard n2 > 0 else { return }
            let n = n1 + n2
            let delta = mean2 - mean1
            let mean = mean1 + delta * Double(n2) / Double(n)
            let m2 = m21 + m22 + delta * delta * Double(n1) * Double(n2) / Double(n)
            storage = .moments(count: n, mean: mean, m2: m2)
        default:
            preconditionFailure("aggregate state storage does not match its function")
        }
    }

    /// The aggregate's value, or `nil` when it has none (no values for `avg`, `min`, `pct`, ...).
    ///
    /// `count`, `countValues`, `sum` and `countDistinct` are never `nil` (0 when empty).
    /// Mutating because a percentile query sorts and caches the samples.
    public mutating func result() -> Double? {
        switch storage {
        case .counter(let n):
            return Double(n)
        case .sum(let s, let n):
            if function == .sum { return s }
            return n == 0 ? nil : s / Double(n)
        case .extreme(let v):
            return v
        case .percentiles:
            guard case .pct(let p) = function else { return nil }
            return accumulator!.percentile(p)
        case .distinct(let set):
            return Double(set.count)
        case .moments(let n, _, let m2):
            return n == 0 ? nil : (m2 / Double(n)).squareRoot()
        }
    }

    /// Another percentile of a `pct` state's samples (`nil` for other functions), so several
    /// `pct` measures over one input can share one set of samples.
    public mutating func percentile(_ p: Double) -> Double? {
        guard case .percentiles = storage else { return nil }
        return accumulator!.percentile(p)
    }

    /// `true` when a `pct` state has switched to its approximate histogram.
    public var isApproximate: Bool {
        accumulator?.isApproximate ?? false
    }
}
