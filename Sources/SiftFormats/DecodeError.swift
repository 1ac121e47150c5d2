import SiftBytes
import SiftJSON
import SiftModel

/// A record that could not be decoded, with what went wrong and where.
///
/// Decoders report these to ``Diagnostics`` and go on with the next record; under `--strict` the
/// first one ends the run.
public struct DecodeError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// The record is not valid JSON.
        case json(JSONScanError.Reason)
        /// A required field is missing.
        case missingField(String)
        /// A field has the wrong type or an impossible value.
        case invalidField(String, detail: String)
        /// Reading, inflating or framing the input failed (truncated gzip, a line too long, ...).
        case input(InputError.Kind)
        /// The input is in a format sift does not read.
        case unknownFormat(String)
        /// The input is JSON, but not observability data (reported, never guessed).
        case notObservabilityData(String)
        /// The input could not be read.
        case unreadable(String)
        /// A record that is well-formed but carries nothing to decode (e.g. a CONTROL_MESSAGE).
        case ignored(String)

        /// A short stable name for counting by kind, e.g. `invalid JSON`.
        public var category: String {
            switch self {
            case .json: return "invalid JSON"
            case .missingField(let name): return "missing \(name)"
            case .invalidField(let name, _): return "invalid \(name)"
            case .input(let kind): return InputError(kind, location: InputLocation(source: "")).category
            case .unknownFormat: return "unknown format"
            case .notObservabilityData: return "not observability data"
            case .unreadable: return "unreadable input"
            case .ignored(let what): return what
            }
        }

        /// A one-line explanation, e.g. `unexpected byte 0x7D`.
        public var summary: String {
            switch self {
            case .json(let reason): return reason.summary
            case .missingField(let name): return "missing field \(name)"
            case .invalidField(let name, let detail): return "invalid field \(name): \(detail)"
            case .input(let kind): return InputError(kind, location: InputLocation(source: "")).message
            case .unknownFormat(let detail): return "unknown format (\(detail))"
            case .notObservabilityData(let detail): return "not observability data (\(detail))"
            case .unreadable(let detail): return detail
            case .ignored(let what): return what
            }
        }
    }

    /// What went wrong.
    public var kind: Kind
    /// Where.
    public var location: InputLocation

    /// Creates an error.
    public init(_ kind: Kind, at location: InputLocation) {
        self.kind = kind
        self.location = location
    }

    /// Wraps an input error, keeping its location.
    public init(_ error: InputError) {
        self.init(.input(error.kind), at: error.location)
    }

    /// `location: summary`, e.g. `a.gz:42 (byte 1834): unexpected byte 0x7D`, or `path: summary`
    /// for an error about a whole input (not found, unknown format), e.g. `x.bin: unknown format (binary data)`.
    /// One line, terminal-safe (``SiftModel/DisplayText``): a file name or record content with a
    /// line break or an escape sequence shows it escaped.
    public var description: String {
        DisplayText.escaped(isAboutWholeInput ? "\(location.source): \(kind.summary)" : "\(location): \(kind.summary)")
    }

    /// Whether the error concerns an input as a whole rather than a place in its bytes.
    private var isAboutWholeInput: Bool {
        guard location.line == nil, location.record == nil, location.byteOffset == 0, location.member == nil else {
            return false
        }
        switch kind {
        case .unknownFormat, .notObservabilityData, .unreadable: return true
        case .input(let inputKind):
            switch inputKind {
            case .notFound, .unreadable, .unsupportedCompression: return true
            default: return false
            }
        default: return false
        }
    }
}
