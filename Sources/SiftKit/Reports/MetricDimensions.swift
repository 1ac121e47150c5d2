/// The dimensions of one metric stream, in dimension-set order: what identifies a metric
/// besides its namespace and name (CloudWatch treats each distinct set as its own metric).
///
/// Equality and hashing use the names and values themselves, so `{A: "1,B=2"}` and
/// `{A: "1", B: "2"}` are two streams even though their ``text`` is the same.
public struct MetricDimensions: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The dimension names, in order.
    public private(set) var names: [String]
    /// The dimension values, one per name.
    public private(set) var values: [String]

    /// Creates dimensions from `(name, value)` pairs in order.
    public init(_ pairs: [(name: String, value: String)]) {
        names = pairs.map(\.name)
        values = pairs.map(\.value)
    }

    /// The pairs in order.
    public var pairs: [(name: String, value: String)] { Array(zip(names, values)).map { (name: $0.0, value: $0.1) } }

    /// `Name=value,...` in order (`""` for the empty set): the table and CSV cell.
    public var text: String { zip(names, values).map { $0.0 + "=" + $0.1 }.joined(separator: ",") }

    public var description: String { text }

    /// Orders by ``text``, then by the pairs (so sets with the same text still order stably).
    public static func < (a: MetricDimensions, b: MetricDimensions) -> Bool {
        let (x, y) = (a.text, b.text)
        if x != y { return x < y }
        return (a.names + a.values).lexicographicallyPrecedes(b.names + b.values)
    }
}
