/// A CloudWatch Logs filter pattern (the syntax of metric filters, subscription filters and
/// `FilterLogEvents`), compiled once and matched against many messages.
///
/// ```swift
/// let pattern = try FilterPattern(#"{ $.latency > 100 && $.status = 5* }"#)
/// pattern.matches(#"{"latency": 250, "status": 503}"#)   // true
/// ```
///
/// The first non-space character selects the kind of pattern:
/// - `{` — a JSON pattern (see the typing rules in `JSONPattern`);
/// - `[` — a space-delimited pattern;
/// - anything else — terms, `"phrases"`, `?alternatives`, `-exclusions` and `%regex%` terms.
///
/// An empty (or all-space) pattern matches every message. Term patterns search bytes with
/// `memmem` and allocate nothing per message; JSON patterns parse only messages that start with
/// `{` (after whitespace).
public struct FilterPattern: Sendable {
    private enum Kind: Sendable {
        case everything
        case terms(TermPattern)
        case json(JSONPattern)
        case spaceDelimited(SpaceDelimitedPattern)
    }

    private let kind: Kind

    /// The pattern as given.
    public let text: String

    /// Compiles `text`.
    ///
    /// - Throws: ``FilterPatternError`` with the column of the problem and what was expected.
    public init(_ text: String) throws(FilterPatternError) {
        self.text = text
        var cursor = PatternCursor(text)
        cursor.skipSpaces()
        switch cursor.peek {
        case nil:
            kind = .everything
        case UInt8(ascii: "{"):
            kind = .json(try JSONPattern(parsing: &cursor))
            try Self.expectEnd(&cursor, of: "JSON pattern")
        case UInt8(ascii: "["):
            kind = .spaceDelimited(try SpaceDelimitedPattern(parsing: &cursor))
            try Self.expectEnd(&cursor, of: "space-delimited pattern")
        default:
            kind = .terms(try TermPattern(parsing: &cursor))
        }
    }

    private static func expectEnd(_ cursor: inout PatternCursor, of what: String) throws(FilterPatternError) {
        cursor.skipSpaces()
        guard cursor.isAtEnd else { throw cursor.error("expected the end of the pattern after the \(what)") }
    }

    /// Whether the message (its UTF-8 bytes) matches.
    public func matches(_ message: UnsafeRawBufferPointer) -> Bool {
        switch kind {
        case .everything: return true
        case .terms(let t): return t.matches(message)
        case .json(let j): return j.matches(message)
        case .spaceDelimited(let s): return s.matches(message)
        }
    }

    /// Whether the message matches.
    public func matches(_ message: String) -> Bool {
        var message = message
        return message.withUTF8 { matches(UnsafeRawBufferPointer($0)) }
    }
}
