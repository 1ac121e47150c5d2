/// Why a JSON document could not be scanned, and where.
///
/// A plain value with no strings, so it is cheap to throw on the hot path; the format layer adds
/// the file and line, and `description` formats the message.
public struct JSONScanError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Sendable, Equatable {
        /// A byte that cannot start or continue a value here.
        case unexpectedByte(UInt8)
        /// The input ended inside a string.
        case unterminatedString
        /// A backslash escape that JSON does not define, or a bad `\u` sequence.
        case invalidEscape
        /// Bytes that are not UTF-8 inside a string.
        case invalidUTF8
        /// A number that does not fit the requested type.
        case numberOutOfRange
        /// Objects and arrays nested deeper than the scanner's limit.
        case depthLimitExceeded
        /// The input ended before the value did.
        case truncated
        /// A value of another type than the caller asked for.
        case typeMismatch
    }

    /// What went wrong.
    public var reason: Reason
    /// Byte offset of the problem from the start of the scanned buffer.
    public var offset: Int

    /// Creates an error.
    public init(_ reason: Reason, at offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    /// A short human-readable message, e.g. `unexpected byte 0x7D at byte 12`.
    public var description: String { "\(reason.summary) at byte \(offset)" }
}

extension JSONScanError.Reason {
    /// A short phrase for the reason, e.g. `unexpected byte 0x7D`.
    public var summary: String {
        switch self {
        case .unexpectedByte(let byte):
            let hex = String(byte, radix: 16, uppercase: true)
            return "unexpected byte 0x\(hex.count < 2 ? "0" + hex : hex)"
        case .unterminatedString: return "unterminated string"
        case .invalidEscape: return "invalid escape"
        case .invalidUTF8: return "invalid UTF-8"
        case .numberOutOfRange: return "number out of range"
        case .depthLimitExceeded: return "nesting too deep"
        case .truncated: return "truncated JSON"
        case .typeMismatch: return "unexpected value type"
        }
    }
}
