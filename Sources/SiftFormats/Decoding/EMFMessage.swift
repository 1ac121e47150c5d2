import SiftModel

/// A message that may hold an Embedded Metric Format record: one record of an `emf` input, or
/// the message of one CloudWatch log event (S3 export, subscription payloads, envelopes,
/// filter-log-events, Insights results).
///
/// The decoder does not decode EMF itself: each sink owns an ``EMFDecoder`` (its interned
/// strings are the sink's group keys) and decodes only the messages it is lent.
public struct EMFMessage {
    /// The message bytes, valid during the sink call only.
    public var bytes: UnsafeRawBufferPointer
    /// Where it was read.
    public var location: InputLocation
    /// CloudWatch's reference time for the timestamp window: the ingestion time when the input
    /// has one, else the event's timestamp; `nil` for bare EMF records.
    public var referenceMillis: Int64?

    /// Whether the message is a record of an `emf` input (not a log event's message).
    public var isBareRecord: Bool { referenceMillis == nil }

    /// Creates a message.
    public init(bytes: UnsafeRawBufferPointer, location: InputLocation, referenceMillis: Int64?) {
        self.bytes = bytes
        self.location = location
        self.referenceMillis = referenceMillis
    }
}
