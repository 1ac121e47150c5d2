import SiftBytes
import SiftJSON
import SiftModel

/// How an input's records are delimited.
public enum RecordFraming: Sendable, Equatable {
    /// One record per line (JSON Lines, S3 export lines, daemon captures).
    case lines
    /// Top-level JSON values back to back, with or without whitespace (Firehose objects,
    /// pretty-printed documents, appended CLI outputs).
    case values
    /// The elements of the array under `key` in each top-level JSON object, streamed one at a
    /// time (`events` of `filter-log-events` output, which the AWS CLI merges into one document
    /// of any size).
    case arrayElements(key: String)

    /// Lines when the first line of `prefix` is one complete JSON value, else values.
    public static func forJSON(prefix: UnsafeRawBufferPointer) -> RecordFraming {
        guard let newline = prefix.firstIndex(of: 0x0A) else {
            return (try? JSONScanner.validate(prefix)) != nil ? .lines : .values
        }
        var end = newline
        if end > 0 && prefix[end - 1] == 0x0D { end -= 1 }
        return (try? JSONScanner.validate(UnsafeRawBufferPointer(rebasing: prefix[..<end]))) != nil ? .lines : .values
    }
}

/// Records of one input, framed as lines or JSON values, each lent with its location.
///
/// Recoverable framing problems (a line too long, junk between values) are counted in the
/// diagnostics and skipped; an error that ends the input (truncated gzip, corrupt data) is
/// counted and ends the iteration after every good record before it was delivered.
public struct RecordFramer {
    private var lineFramer: LineFramer?
    private var valueFramer: JSONValueFramer?
    private var elementFramer: JSONArrayElementFramer?

    /// Creates a framer over `stream`.
    /// - Parameters:
    ///   - framing: lines or values.
    ///   - maxRecordBytes: the longest accepted record.
    public init(_ stream: any ByteStream, framing: RecordFraming, maxRecordBytes: Int = LineFramer.defaultMaxLineBytes) {
        switch framing {
        case .lines: lineFramer = LineFramer(stream, maxLineBytes: maxRecordBytes)
        case .values: valueFramer = JSONValueFramer(stream, maxValueBytes: maxRecordBytes)
        case .arrayElements(let key): elementFramer = JSONArrayElementFramer(stream, key: key, maxElementBytes: maxRecordBytes)
        }
    }

    /// Where the last record starts.
    public var location: InputLocation { lineFramer?.location ?? valueFramer?.location ?? elementFramer!.location }

    /// The next non-empty record, or `nil` at the end of the input or after an error that ends it.
    ///
    /// The pointer is valid until the next call.
    public mutating func next(_ diagnostics: inout Diagnostics) -> UnsafeRawBufferPointer? {
        while true {
            do throws(InputError) {
                let record: UnsafeRawBufferPointer?
                if lineFramer != nil {
                    record = try lineFramer!.next()
                } else if valueFramer != nil {
                    record = try valueFramer!.next()
                } else {
                    record = try elementFramer!.next()
                }
                guard let record else { return nil }
                if isBlank(record) { continue }
                return record
            } catch {
                diagnostics.record(locating(DecodeError(error)))
                if !error.isRecoverable || diagnostics.shouldStop { return nil }
            }
        }
    }

    /// Names the line or record where an error between records happened (junk between values, a
    /// truncated gzip member): the one after the last record delivered.
    private func locating(_ error: DecodeError) -> DecodeError {
        var located = error
        guard located.location.line == nil && located.location.record == nil else { return located }
        if let lineFramer {
            located.location.line = (lineFramer.location.line ?? 0) + 1
        } else if let valueFramer {
            located.location.record = (valueFramer.location.record ?? 0) + 1
        } else if let elementFramer {
            located.location.record = (elementFramer.location.record ?? 0) + 1
        }
        return located
    }

    private func isBlank(_ record: UnsafeRawBufferPointer) -> Bool {
        for byte in record where !(byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A) { return false }
        return true
    }
}
