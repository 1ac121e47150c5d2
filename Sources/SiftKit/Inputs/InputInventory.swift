import SiftBytes
import SiftFormats
import SiftQuery

/// `sift detect`: each input's format, compression, sizes and record count.
///
/// Records are counted as the format defines them (X-Ray documents, log events, framed lines or
/// JSON values otherwise), with the same framing and record limit as every other command, but
/// nothing is parsed. Inputs of unknown format are listed too.
public struct InputInventory: Report {
    /// One input's description.
    public struct Entry: Sendable {
        /// The input's name.
        public var path: String
        /// The detected format.
        public var format: InputFormat
        /// Why.
        public var reason: String
        /// The compression.
        public var compression: Compression
        /// Bytes read from disk.
        public var bytes: Int64
        /// Bytes after decompression.
        public var decompressedBytes: Int64
        /// Records (documents, events, lines or values, by format).
        public var records: Int
    }

    /// Creates the report.
    public init() {}

    public var acceptsUnknownFormats: Bool { true }

    public func makePartial() -> Partial { Partial() }

    public func rows(from merged: inout Partial, _ diagnostics: inout Diagnostics, _ statistics: inout RunStatistics) -> [Entry] {
        merged.entries
    }

    public func table(_ rows: [Entry], of merged: Partial) -> Table {
        var table = Table(columns: [
            .init("path", .string), .init("format", .string), .init("compression", .string), .init("bytes", .integer),
            .init("decompressed_bytes", .integer), .init("records", .integer), .init("reason", .string),
        ])
        for entry in rows {
            table.append([
                .string(entry.path), .string(entry.format.rawValue), .string(entry.compression.rawValue),
                .integer(entry.bytes), .integer(entry.decompressedBytes), .integer(Int64(entry.records)), .string(entry.reason),
            ])
        }
        return table
    }

    /// Per-input state: the input's entry once it has been read to the end.
    public struct Partial: ReportPartial {
        var entries: [Entry] = []

        public var demand: RecordDemand { [.xrayDocumentText, .logEvents, .otherRecords] }

        public mutating func finishInput(_ input: OpenedInput, records: Int, _ diagnostics: inout Diagnostics) {
            entries.append(Entry(
                path: input.source.name, format: input.format, reason: input.reason, compression: input.reader.compression,
                bytes: input.reader.compressedBytesRead, decompressedBytes: input.reader.decompressedBytesRead, records: records))
        }

        public mutating func merge(_ other: Partial, _ diagnostics: inout Diagnostics) {
            entries += other.entries
        }
    }
}
