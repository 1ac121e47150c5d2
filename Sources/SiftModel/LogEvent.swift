/// One CloudWatch Logs event, whatever shape it was exported in.
public struct LogEvent: Sendable, Equatable {
    /// The event time (not the ingestion time).
    public var timestamp: Timestamp
    /// When CloudWatch ingested the event, when the input says (filter-log-events, get-log-events).
    public var ingestionTime: Timestamp?
    /// The log group, when the input has it or the user gave it (`--log-group`).
    public var group: String?
    /// The log stream, from the payload, the S3 key or the user.
    public var stream: String?
    /// The event id, a decimal string of up to 56 digits; kept as text.
    public var eventID: String?
    /// The raw message, exactly as ingested (multi-line messages joined with `\n`).
    public var message: String
    /// Where the event was read.
    public var location: InputLocation

    /// Creates a log event.
    public init(
        timestamp: Timestamp, ingestionTime: Timestamp? = nil, group: String? = nil, stream: String? = nil,
        eventID: String? = nil, message: String, location: InputLocation
    ) {
        self.timestamp = timestamp
        self.ingestionTime = ingestionTime
        self.group = group
        self.stream = stream
        self.eventID = eventID
        self.message = message
        self.location = location
    }
}
