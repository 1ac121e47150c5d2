import SiftBytes

extension InputError {
    /// Whether the framer can go on with the next record after this error (a line too long, a
    /// value too large, junk between values), as opposed to errors that end the input.
    public var isRecoverable: Bool {
        switch kind {
        case .lineTooLong, .valueTooLarge, .unexpectedByte: return true
        default: return false
        }
    }

    /// A short stable name for counting by kind, e.g. `truncated gzip`.
    public var category: String {
        switch kind {
        case .notFound: return "not found"
        case .unreadable: return "unreadable input"
        case .truncatedGzip: return "truncated gzip"
        case .corruptGzip: return "corrupt gzip"
        case .truncatedZstd: return "truncated zstd"
        case .corruptZstd: return "corrupt zstd"
        case .trailingData: return "trailing data"
        case .unsupportedCompression: return "unsupported compression"
        case .lineTooLong: return "line too long"
        case .valueTooLarge: return "JSON value too large"
        case .unexpectedByte: return "junk between JSON values"
        case .truncatedValue: return "truncated JSON value"
        case .documentTooLarge: return "document too large"
        }
    }
}
