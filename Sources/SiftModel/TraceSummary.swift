/// One trace summary from `aws xray get-trace-summaries`: what X-Ray says about a trace
/// without its segments.
public struct TraceSummary: Sendable, Equatable {
    /// The trace id.
    public var id: String
    /// The start time, when the response has it (newer API versions; seconds or ISO 8601 text).
    public var start: Timestamp?
    /// `Duration` in seconds (moto writes whole seconds).
    public var durationSeconds: Double?
    /// `ResponseTime` in seconds.
    public var responseTimeSeconds: Double?
    /// `HasFault`.
    public var hasFault: Bool
    /// `HasError`.
    public var hasError: Bool
    /// `HasThrottle`.
    public var hasThrottle: Bool
    /// `IsPartial`.
    public var isPartial: Bool
    /// `Http.HttpMethod`.
    public var httpMethod: String?
    /// `Http.HttpURL`.
    public var httpURL: String?
    /// `Http.HttpStatus`.
    public var httpStatus: Int?
    /// The names of `ServiceIds`, in order.
    public var services: [String]
    /// Where the summary was read.
    public var location: InputLocation

    /// Creates a summary with only an id; everything else starts empty.
    public init(id: String, location: InputLocation) {
        self.id = id
        self.hasFault = false
        self.hasError = false
        self.hasThrottle = false
        self.isPartial = false
        self.services = []
        self.location = location
    }
}
