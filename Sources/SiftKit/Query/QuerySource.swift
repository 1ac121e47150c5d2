/// Which rows a query runs over.
public enum QuerySource: String, Sendable, CaseIterable {
    /// CloudWatch Logs events.
    case logs
    /// X-Ray segments and subsegments, one row each, straight from the documents.
    case spans
    /// X-Ray spans from assembled traces: adds `self` (ms) and `depth`; memory follows the traces.
    case traces
    /// EMF metric samples.
    case metrics

    /// The columns shown when a query has no `fields`, `display` or `stats`.
    public var defaultColumns: [String] {
        switch self {
        case .logs: return ["@timestamp", "@message"]
        case .spans: return ["@timestamp", "trace_id", "id", "kind", "service", "name", "duration"]
        case .traces: return ["@timestamp", "trace_id", "id", "depth", "service", "name", "duration", "self"]
        case .metrics: return ["@timestamp", "namespace", "metric", "value", "unit"]
        }
    }
}
