/// One output column of a ``GroupedAggregation``: a name, a function and the input it reads.
///
/// `input` indexes the per-row input values passed to ``GroupedAggregation/add(_:inputs:)``, so
/// several measures can share one input (`avg(x)`, `pct(x, 95)`) and `count(*)` can ignore it.
///
/// Report counters (`count_4xx`, `count_5xx`, `count_throttle`, `failed`) are ``counter(_:input:)``
/// measures: a `sum` over an input that is `1` when the row qualifies and `0` otherwise.
public struct Measure: Sendable, Hashable {
    /// The column name, e.g. `p95_ms` or `pct(duration, 95)`.
    public var name: String
    /// The aggregate computed.
    public var function: AggregateFunction
    /// The index of the row input this measure reads (ignored by `count(*)`).
    public var input: Int

    /// Creates a measure.
    public init(_ name: String, _ function: AggregateFunction, input: Int = 0) {
        self.name = name
        self.function = function
        self.input = input
    }

    /// A counter: the sum of a 0/1 input.
    public static func counter(_ name: String, input: Int) -> Measure { Measure(name, .sum, input: input) }
}
