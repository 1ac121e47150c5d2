import SiftModel

/// What CloudWatch does with the metrics of a record that breaks an ``EMFRule``.
///
/// The log event itself is always stored; only metric extraction is affected.
public enum EMFConsequence: String, Sendable, Hashable {
    /// No metric is extracted from the record.
    case recordDropped = "record dropped"
    /// The directive produces no metrics; other directives of the record are kept.
    case directiveDropped = "directive dropped"
    /// One metric definition produces no metric.
    case metricDropped = "metric dropped"
}

/// The rules `sift emf validate` checks, one case per rule, with CloudWatch's consequence.
///
/// The table follows formats.md §2 (the EMF specification and CloudWatch's limits). CloudWatch
/// documents a missing target, a non-string dimension value, a non-numeric metric value, too many
/// dimension keys, metrics or values, and a bad unit as making the *record* invalid, so those rules
/// drop the record. Offline aggregation (``EMFDecoder``) applies the same consequences.
public enum EMFRule: String, Sendable, Hashable, CaseIterable {
    /// The message is not one JSON object (truncated, malformed) although it carries EMF keys.
    case invalidJSON = "record.json"
    /// An `emf` input record that has neither `_aws.CloudWatchMetrics` nor a v0 root `CloudWatchMetrics`.
    case notEMF = "record.not-emf"
    /// `_aws` is not an object, or lacks a `CloudWatchMetrics` array.
    case metadataShape = "aws.shape"
    /// `_aws.Timestamp` (v0: root `Timestamp`) is missing or not a number (v0: a string of digits).
    case timestamp = "aws.timestamp"
    /// The timestamp lies more than two weeks before or two hours after the reference time.
    case timestampWindow = "aws.timestamp-window"
    /// A directive is not an object, or its `Dimensions`/`Metrics` are not arrays of the right shape.
    case directiveShape = "directive.shape"
    /// `Namespace` is missing, not a string, empty, longer than 255 characters, uses characters
    /// outside `[A-Za-z0-9._-/#: ]`, or starts with the reserved `AWS/`.
    case namespace = "directive.namespace"
    /// A directive lists more than 100 metrics.
    case tooManyMetrics = "directive.metrics-limit"
    /// A dimension set has more than 30 keys.
    case tooManyDimensions = "dimension-set.limit"
    /// A dimension key is empty, longer than 255 characters, or starts with `:`.
    case dimensionName = "dimension.name"
    /// A dimension target is missing from the root, or is not a string.
    case dimensionTarget = "dimension.target"
    /// A dimension value is longer than 1024 characters.
    case dimensionValue = "dimension.value"
    /// A metric definition has no string `Name`, or the name is empty or longer than 255 characters.
    case metricName = "metric.name"
    /// `Unit` is not one of CloudWatch's units.
    case unit = "metric.unit"
    /// `StorageResolution` is not 1 or 60.
    case storageResolution = "metric.storage-resolution"
    /// A metric target is missing, or is not a number, an array of numbers, or an ADOT value object.
    case metricTarget = "metric.target"
    /// A metric array is empty or holds more than 100 values.
    case valueCount = "metric.value-count"

    /// CloudWatch's consequence for a violation of this rule.
    public var consequence: EMFConsequence {
        switch self {
        case .storageResolution: return .metricDropped
        case .namespace: return .directiveDropped
        default: return .recordDropped
        }
    }

    /// A one-line statement of the rule.
    public var summary: String {
        switch self {
        case .invalidJSON: return "an EMF record is exactly one JSON object"
        case .notEMF: return "a record has _aws.CloudWatchMetrics (or v0 root CloudWatchMetrics with Version \"0\")"
        case .metadataShape: return "_aws is an object with a CloudWatchMetrics array"
        case .timestamp: return "the timestamp is a number of epoch milliseconds (v0: a string of digits)"
        case .timestampWindow: return "the timestamp is at most 14 days before and 2 hours after the reference time"
        case .directiveShape: return "a directive is an object with Dimensions (array of string arrays) and Metrics (array of objects)"
        case .namespace: return "Namespace is 1-255 characters of [A-Za-z0-9._-/#: ] and does not start with AWS/"
        case .tooManyMetrics: return "a directive has at most 100 metrics"
        case .tooManyDimensions: return "a dimension set has at most 30 keys"
        case .dimensionName: return "a dimension key is 1-255 characters and does not start with ':'"
        case .dimensionTarget: return "each dimension key names a string member of the root object"
        case .dimensionValue: return "a dimension value is at most 1024 characters"
        case .metricName: return "a metric Name is a string of 1-255 characters"
        case .unit: return "Unit is one of CloudWatch's units"
        case .storageResolution: return "StorageResolution is 1 or 60"
        case .metricTarget: return "each metric Name names a numeric member (number, array of numbers, or ADOT value object)"
        case .valueCount: return "a metric array holds 1 to 100 values"
        }
    }
}

/// One broken rule in one record: which rule, where, and what CloudWatch does about it.
public struct EMFViolation: Sendable, Equatable, CustomStringConvertible {
    /// The rule broken.
    public var rule: EMFRule
    /// What CloudWatch does with the affected metrics.
    public var consequence: EMFConsequence { rule.consequence }
    /// The JSON path inside the record, e.g. `_aws.CloudWatchMetrics[0].Metrics[2]`.
    public var path: String
    /// What was found, e.g. `unit "Millis" is not a CloudWatch unit`.
    public var detail: String
    /// The record's location in the input.
    public var location: InputLocation

    /// Creates a violation.
    public init(_ rule: EMFRule, path: String, detail: String, location: InputLocation) {
        self.rule = rule
        self.path = path
        self.detail = detail
        self.location = location
    }

    /// `location path: detail [rule, consequence]`.
    public var description: String { "\(location) \(path): \(detail) [\(rule.rawValue), \(consequence.rawValue)]" }
}
