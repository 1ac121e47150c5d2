import SiftModel

/// A metric datapoint's dimensions in dimension-set order (empty for `[]`): what tells the
/// streams of one metric apart in `sift metrics` and `sift metrics stats`.
///
/// Text output prints them as ``description``, `k=v` pairs joined with `,`; JSON output as an
/// object with the keys in this order (``tableValue``), so a value holding `,` or `=` stays
/// unambiguous and `jq .dimensions.Route` selects one.
///
/// ```swift
/// let dims = MetricDimensions([("Route", "/items"), ("Method", "GET")])
/// dims.description   // "Route=/items,Method=GET"
/// dims.tableValue    // .object([("Route", .string("/items")), ("Method", .string("GET"))])
/// ```
public struct MetricDimensions: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// One dimension.
    public struct Dimension: Hashable, Sendable {
        /// The dimension name.
        public var name: String
        /// Its value.
        public var value: String
        /// Creates a dimension.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The dimensions, in dimension-set order.
    public let pairs: [Dimension]
    /// `k=v,...` in dimension-set order, `""` for none: the `dimensions` cell of tables and CSV.
    public let description: String

    /// Creates dimensions from pairs in dimension-set order.
    public init(_ pairs: [Dimension]) {
        self.pairs = pairs
        description = pairs.map { $0.name + "=" + $0.value }.joined(separator: ",")
    }

    /// Creates dimensions from `(name, value)` pairs in dimension-set order.
    public init(_ pairs: [(name: String, value: String)]) {
        self.init(pairs.map { Dimension(name: $0.name, value: $0.value) })
    }

    /// The `dimensions` cell: an object with the names as keys, in order.
    public var tableValue: Table.Value { .object(pairs.map { (key: $0.name, value: .string($0.value)) }) }

    /// Equal when the pairs are equal, in order.
    public static func == (a: MetricDimensions, b: MetricDimensions) -> Bool { a.pairs == b.pairs }

    /// Hashes the pairs.
    public func hash(into hasher: inout Hasher) { hasher.combine(pairs) }

    /// Orders by ``description`` (the order the text table has always had), then by the pairs.
    public static func < (a: MetricDimensions, b: MetricDimensions) -> Bool {
        if a.description != b.description { return a.description < b.description }
        return a.pairs.lexicographicallyPrecedes(b.pairs) { ($0.name, $0.value) < ($1.name, $1.value) }
    }
}
