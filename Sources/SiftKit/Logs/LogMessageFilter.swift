import SiftFormats

/// A test on a log event's raw message bytes, such as a CloudWatch filter pattern (`--filter`).
///
/// Kept to one requirement so any matcher plugs into ``LogsReport`` with a one-line conformance.
public protocol LogMessageFilter: Sendable {
    /// Whether the event whose message is `message` is kept.
    func matches(_ message: UnsafeRawBufferPointer) -> Bool
}

/// CloudWatch filter patterns (`--filter`) select log events by message.
extension FilterPattern: LogMessageFilter {}
