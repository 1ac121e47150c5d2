/// One metric datapoint extracted from an EMF record: a namespace, a metric name, ordered
/// dimensions, and its values.
public struct MetricSample: Sendable, Equatable {
    /// The EMF value forms CloudWatch accepts.
    public enum Values: Sendable, Equatable {
        /// Individual samples, each with a count (arrays give count 1 each; `Values`/`Counts` pairs give their counts).
        case samples(values: [Double], counts: [Double])
        /// A statistic set (`{Max, Min, Count, Sum}`): percentiles cannot be derived from it.
        case statisticSet(maximum: Double, minimum: Double, sampleCount: Double, sum: Double)
    }

    /// The CloudWatch namespace.
    public var namespace: String
    /// The metric name.
    public var metric: String
    /// The dimensions, in the order of the dimension set.
    public var dimensions: [(name: String, value: String)]
    /// The unit (`None` when the directive omits it).
    public var unit: String
    /// 1 for high resolution, 60 for standard.
    public var storageResolution: Int
    /// The metric time (`_aws.Timestamp`).
    public var timestamp: Timestamp
    /// The values.
    public var values: Values
    /// Where the record was read.
    public var location: InputLocation

    /// Creates a sample.
    public init(
        namespace: String, metric: String, dimensions: [(name: String, value: String)], unit: String = "None",
        storageResolution: Int = 60, timestamp: Timestamp, values: Values, location: InputLocation
    ) {
        self.namespace = namespace
        self.metric = metric
        self.dimensions = dimensions
        self.unit = unit
        self.storageResolution = storageResolution
        self.timestamp = timestamp
        self.values = values
        self.location = location
    }

    /// Samples are equal when every field is equal (dimensions compared in order).
    public static func == (lhs: MetricSample, rhs: MetricSample) -> Bool {
        lhs.namespace == rhs.namespace && lhs.metric == rhs.metric && lhs.unit == rhs.unit
            && lhs.storageResolution == rhs.storageResolution && lhs.timestamp == rhs.timestamp
            && lhs.values == rhs.values && lhs.location == rhs.location
            && lhs.dimensions.elementsEqual(rhs.dimensions, by: { $0.name == $1.name && $0.value == $1.value })
    }
}
