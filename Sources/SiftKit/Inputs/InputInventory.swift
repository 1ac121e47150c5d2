import SiftBytes
import SiftFormats
import SiftQuery

/// `sift detect`: each input's format, compression, sizes and record count.
public enum InputInventory {
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

    /// Classifies and counts every input.
    public static func detect(_ options: RunOptions) -> (table: Table, run: InputRun<Entry>) {
        let run = InputRunner.run(options, acceptingUnknownFormats: true) { input, diagnostics -> (state: Entry, records: Int) in
            let records = RecordCounter.count(input, &diagnostics)
            let entry = Entry(
                path: input.source.name, format: input.format, reason: input.reason, compression: input.reader.compression,
                bytes: input.reader.compressedBytesRead, decompressedBytes: input.reader.decompressedBytesRead, records: records)
            return (entry, records)
        }
        var table = Table(columns: [
            .init("path", .string), .init("format", .string), .init("compression", .string), .init("bytes", .integer),
            .init("decompressed_bytes", .integer), .init("records", .integer), .init("reason", .string),
        ])
        for entry in run.states.compactMap({ $0 }) {
            table.append([
                .string(entry.path), .string(entry.format.rawValue), .string(entry.compression.rawValue),
                .integer(entry.bytes), .integer(entry.decompressedBytes), .integer(Int64(entry.records)), .string(entry.reason),
            ])
        }
        return (table, run)
    }
}

/// Counts an input's records the way its format defines them.
public enum RecordCounter {
    /// X-Ray documents for X-Ray formats; log events for CloudWatch Logs formats; framed lines or
    /// JSON values otherwise.
    public static func count(_ input: OpenedInput, _ diagnostics: inout Diagnostics) -> Int {
        var count = 0
        if input.format.holdsLogEvents {
            var reader = LogEventReader(input.stream, format: input.format, framing: input.framing, path: input.source.name, logGroup: nil)
            reader.forEachEvent(&diagnostics) { _, _ in count += 1 }
            return count
        }
        if input.format.holdsXRayDocuments {
            var reader = XRayDocumentReader(input)
            reader.forEachDocument(&diagnostics) { _, _, _ in count += 1 }
            return count
        }
        var records = RecordFramer(input)
        while records.next(&diagnostics) != nil { count += 1 }
        return count
    }
}
