import Glibc
import SiftModel

/// A problem reading an input: a missing or unreadable path, damaged compression, or a framing limit.
///
/// Every error carries an ``InputLocation`` naming the input, the byte offset in the *decompressed*
/// stream, the gzip member and the line or record number when known, so a message points at the
/// exact place:
///
/// ```swift
/// // a.gz (gzip member 2, byte 1834): truncated gzip data (compressed byte 913)
/// print(error)
/// ```
///
/// Readers deliver every byte they could decode *before* throwing, so callers process what was
/// good, report the error, and go on with the next input (or, for framing errors, the next record).
public struct InputError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// The path does not exist.
        case notFound
        /// `open(2)`, `read(2)`, `stat(2)` or `opendir(3)` failed; `errno` says why (`EACCES`, `EISDIR`, …).
        case unreadable(errno: Int32)
        /// The input ended inside a gzip member or zlib stream.
        case truncatedGzip
        /// zlib rejected the compressed data (`Z_DATA_ERROR` = -3, `Z_NEED_DICT` = 2, …).
        case corruptGzip(zlibCode: Int32)
        /// The input ended inside a zstd frame.
        case truncatedZstd
        /// libzstd rejected the compressed data (a `ZSTD_ErrorCode`).
        case corruptZstd(code: Int32)
        /// Bytes after a complete gzip member (or zlib stream) that do not start another member.
        case trailingData
        /// The input is compressed in a format this build detects but does not decode (zstd
        /// without the `Zstd` trait).
        case unsupportedCompression(Compression)
        /// A line is longer than the framer's `maxLineBytes`; the framer skips it and goes on.
        case lineTooLong(limit: Int)
        /// A JSON value is larger than the framer's `maxValueBytes`; the framer skips it and goes on.
        case valueTooLarge(limit: Int)
        /// A byte that cannot start a JSON value appeared between values; the framer resynchronises.
        case unexpectedByte(UInt8)
        /// The input ended inside a JSON value.
        case truncatedValue
        /// A whole document is larger than the limit given to ``DocumentReader/readAll(_:limit:)``.
        case documentTooLarge(limit: Int)
    }

    /// What went wrong.
    public var kind: Kind
    /// Where: the input, the decompressed byte offset, the gzip member, the line or record.
    public var location: InputLocation
    /// The offset in the compressed input (bytes consumed from the file) when the error came from
    /// decompression; `nil` otherwise.
    public var compressedOffset: Int64?

    /// Creates an error.
    public init(_ kind: Kind, location: InputLocation, compressedOffset: Int64? = nil) {
        self.kind = kind
        self.location = location
        self.compressedOffset = compressedOffset
    }

    /// Creates an error about a whole input (no offset), such as a missing path.
    public init(_ kind: Kind, source: InputSource) {
        self.init(kind, location: InputLocation(source: source.name))
    }

    /// Whether the error concerns a path as a whole (not found, unreadable) rather than a place in its bytes.
    var isPathLevel: Bool {
        switch kind {
        case .notFound, .unsupportedCompression: return true
        case .unreadable: return location.byteOffset == 0 && location.line == nil && location.record == nil
        default: return false
        }
    }

    /// A short human message for the kind, without the location.
    public var message: String {
        switch kind {
        case .notFound: return "no such file or directory"
        case .unreadable(let code): return String(cString: strerror(code)).lowercased()
        case .truncatedGzip: return "truncated gzip data"
        case .corruptGzip(let code): return "corrupt compressed data (zlib error \(code))"
        case .truncatedZstd: return "truncated zstd data"
        case .corruptZstd(let code): return "corrupt compressed data (zstd error \(code))"
        case .trailingData: return "unexpected data after the end of a compressed stream"
        case .unsupportedCompression(let c): return "\(c.rawValue) compression is not supported"
        case .lineTooLong(let limit): return "line longer than \(limit) bytes (skipped)"
        case .valueTooLarge(let limit): return "JSON value larger than \(limit) bytes (skipped)"
        case .unexpectedByte(let b):
            let hex = String(b, radix: 16, uppercase: true)
            return "unexpected byte 0x\(hex.count == 1 ? "0" + hex : hex) between JSON values"
        case .truncatedValue: return "input ended inside a JSON value"
        case .documentTooLarge(let limit): return "document larger than \(limit) bytes"
        }
    }

    /// `source:line (gzip member M, byte B): message`, or `path: message` for path-level errors.
    public var description: String {
        var text = location.source
        if isPathLevel { return text + ": " + message }
        if let line = location.line {
            text += ":\(line)"
        } else if let record = location.record {
            text += " record \(record)"
        }
        if let member = location.member {
            text += " (gzip member \(member), byte \(location.byteOffset))"
        } else {
            text += " (byte \(location.byteOffset))"
        }
        text += ": " + message
        if let compressedOffset { text += " (compressed byte \(compressedOffset))" }
        return text
    }
}
