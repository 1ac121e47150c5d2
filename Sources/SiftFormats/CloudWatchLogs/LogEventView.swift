import SiftModel

/// One CloudWatch log event, borrowed from the reader's buffers: no `String` per event.
///
/// ``LogEventReader`` lends a view to its callback; ``eventID`` and ``message`` point into the
/// reader's buffers and are valid **only during that callback**. ``group`` and ``stream`` are
/// shared per input or payload, so handing them out costs a reference count, not an allocation.
/// Call ``makeLogEvent()`` to keep an event.
///
/// ```swift
/// reader.forEachEvent(&diagnostics) { event, _ in
///     if event.message.starts(with: "ERROR".utf8) { kept.append(event.makeLogEvent()) }
/// }
/// ```
public struct LogEventView {
    /// The event time in milliseconds since the epoch (not the ingestion time).
    public var timestampMillis: Int64
    /// When CloudWatch ingested the event, when the input says (filter-log-events, get-log-events).
    public var ingestionTimeMillis: Int64?
    /// The log group: from the payload, else the one given by the user (`--log-group`).
    public var group: String?
    /// The log stream: from the payload or event, or from the S3 export key.
    public var stream: String?
    /// The event id as text (a 56-digit decimal string); empty when the input has none.
    public var eventID: UnsafeRawBufferPointer
    /// The raw message bytes (multi-line export events joined with `\n`), as ingested: invalid
    /// UTF-8 is kept. Valid only during the callback.
    public var message: UnsafeRawBufferPointer
    /// Where the event was read (for payloads inside base64 envelopes: where the envelope's
    /// `data` string starts).
    public var location: InputLocation

    /// Creates a view.
    public init(
        timestampMillis: Int64, ingestionTimeMillis: Int64? = nil, group: String? = nil, stream: String? = nil,
        eventID: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0), message: UnsafeRawBufferPointer,
        location: InputLocation
    ) {
        self.timestampMillis = timestampMillis
        self.ingestionTimeMillis = ingestionTimeMillis
        self.group = group
        self.stream = stream
        self.eventID = eventID
        self.message = message
        self.location = location
    }

    /// An owned copy; invalid UTF-8 in the message becomes U+FFFD.
    public func makeLogEvent() -> LogEvent {
        LogEvent(
            timestamp: Timestamp(millisecondsSinceEpoch: timestampMillis),
            ingestionTime: ingestionTimeMillis.map { Timestamp(millisecondsSinceEpoch: $0) }, group: group, stream: stream,
            eventID: eventID.isEmpty ? nil : String(decoding: eventID, as: UTF8.self),
            message: String(decoding: message, as: UTF8.self), location: location)
    }
}
