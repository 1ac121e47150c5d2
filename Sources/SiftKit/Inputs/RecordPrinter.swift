import SiftBytes
import SiftFormats
import SiftJSON
import SiftModel
import SiftRender

/// `sift cat`: prints every record of every input as one JSON line, in input order.
///
/// CloudWatch log inputs print one line per event, `{timestamp, timestamp_ms, group, stream,
/// event_id, message, @source, ...}` (see ``LogEventEncoder/appendJSON(_:withLocation:to:)``),
/// whatever shape they were exported in.
///
/// Inputs are read one after another (each pipelined: inflate on one core, framing and output
/// on the other), so the output order is the input order without buffering whole inputs.
public struct RecordPrinter: Report {
    private let output: SharedOutput
    /// Whether each line gets `@source`, `@line`/`@record` and `@offset`.
    public let withLocation: Bool

    /// A printer writing to `out`.
    public init(to out: OutputWriter, withLocation: Bool) {
        output = SharedOutput(out)
        self.withLocation = withLocation
    }

    /// Prints all records and returns what was read and skipped.
    public static func printAll(_ options: RunOptions, withLocation: Bool, to out: OutputWriter) -> RunOutcome {
        var printer = RecordPrinter(to: out, withLocation: withLocation)
        return ReportRunner.decodeAll(&printer, options).outcome
    }

    public var readsInputsInOrder: Bool { true }
    public var isFinished: Bool { !output.writer.isOpen }
    public func makePartial() -> Partial { Partial(output: output, withLocation: withLocation) }
    public func rows(from merged: inout Partial, _ diagnostics: inout Diagnostics, _ statistics: inout RunStatistics) -> [Int] { [] }
    public func table(_ rows: [Int], of merged: Partial) -> Table { Table(columns: []) }

    /// Per-input state: the output line being built and the invalid-UTF-8 count.
    public struct Partial: ReportPartial {
        // Inputs are printed one after another (``readsInputsInOrder``): one thread writes at a time.
        private let output: SharedOutput
        private let withLocation: Bool
        private var line: [UInt8] = []
        /// Text lines whose invalid UTF-8 was replaced.
        private var invalidUTF8Lines = 0

        init(output: SharedOutput, withLocation: Bool) {
            self.output = output
            self.withLocation = withLocation
        }

        public var demand: RecordDemand { [.xrayDocumentText, .logEvents, .otherRecords] }

        public mutating func xrayDocument(_ document: XRayDocument, _ diagnostics: inout Diagnostics) -> Bool {
            guard output.writer.isOpen else { return false }
            guard isValidJSON(document.bytes, document.location, &diagnostics) else { return true }
            emit(document.bytes, document.location, json: true)
            return true
        }

        public mutating func logEvent(_ event: LogEventView, _ diagnostics: inout Diagnostics) -> Bool {
            guard output.writer.isOpen else { return false }
            line.removeAll(keepingCapacity: true)
            LogEventEncoder.appendJSON(event, withLocation: withLocation, to: &line)
            output.writer.write(line)
            return true
        }

        public mutating func otherRecord(_ record: OtherRecord, _ diagnostics: inout Diagnostics) -> Bool {
            guard output.writer.isOpen else { return false }
            let isJSON = record.format != .unknown && record.format != .cloudWatchExport
            if isJSON && !isValidJSON(record.bytes, record.location, &diagnostics) { return true }
            emit(record.bytes, record.location, json: isJSON)
            return true
        }

        public mutating func finishInput(_ input: OpenedInput, records: Int, _ diagnostics: inout Diagnostics) {
            diagnostics.note("text lines with invalid UTF-8 (printed with U+FFFD)", count: invalidUTF8Lines)
            invalidUTF8Lines = 0
        }

        public mutating func merge(_ other: Partial, _ diagnostics: inout Diagnostics) {}

        /// Appends a JSON value on one line: a pretty-printed document (framed as a value) keeps its
        /// bytes but loses the whitespace between tokens, so the output stays JSON Lines.
        private mutating func appendJSON(_ value: UnsafeRawBufferPointer) {
            guard value.contains(0x0A) || value.contains(0x0D) else {
                line.append(contentsOf: value)
                return
            }
            var inString = false
            var escaped = false
            for byte in value {
                if inString {
                    if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                } else if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                    continue
                } else if byte == UInt8(ascii: "\"") {
                    inString = true
                }
                line.append(byte)
            }
        }

        private func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
            for byte in bytes where byte >= 0x80 { return false }
            return true
        }

        /// Whether `record` is one valid JSON value (UTF-8 included); an invalid one is counted and
        /// located, so the output stays valid JSON Lines.
        private func isValidJSON(
            _ record: UnsafeRawBufferPointer, _ location: InputLocation, _ diagnostics: inout Diagnostics
        ) -> Bool {
            do throws(JSONScanError) {
                try JSONScanner.validate(record)
                return true
            } catch {
                diagnostics.recordJSON(error, in: location)
                return false
            }
        }

        /// One output line: the document with location members first, or a text record as `{"text": ...}`.
        private mutating func emit(_ record: UnsafeRawBufferPointer, _ location: InputLocation, json: Bool) {
            line.removeAll(keepingCapacity: true)
            var body = record
            while let first = body.first, first <= 0x20 { body = UnsafeRawBufferPointer(rebasing: body.dropFirst()) }
            while let last = body.last, last <= 0x20 { body = UnsafeRawBufferPointer(rebasing: body.dropLast()) }
            let isObject = json && body.first == UInt8(ascii: "{")
            if !withLocation && json {
                appendJSON(body)
            } else {
                line.append(UInt8(ascii: "{"))
                if withLocation {
                    line.append(contentsOf: "\"@source\":".utf8)
                    JSONWriter.appendQuoted(location.source, to: &line)
                    if let number = location.line {
                        line.append(contentsOf: ",\"@line\":".utf8)
                        JSONWriter.appendInteger(Int64(number), to: &line)
                    } else if let number = location.record {
                        line.append(contentsOf: ",\"@record\":".utf8)
                        JSONWriter.appendInteger(Int64(number), to: &line)
                    }
                    line.append(contentsOf: ",\"@offset\":".utf8)
                    JSONWriter.appendInteger(location.byteOffset, to: &line)
                }
                if isObject {
                    var members = UnsafeRawBufferPointer(rebasing: body.dropFirst())
                    while let first = members.first, first <= 0x20 { members = UnsafeRawBufferPointer(rebasing: members.dropFirst()) }
                    if members.first != UInt8(ascii: "}") && withLocation { line.append(UInt8(ascii: ",")) }
                    appendJSON(members)
                } else {
                    if withLocation { line.append(UInt8(ascii: ",")) }
                    line.append(contentsOf: (json ? "\"@value\":" : "\"text\":").utf8)
                    if json {
                        appendJSON(body)
                    } else if isASCII(body) || String(validating: body, as: UTF8.self) != nil {
                        JSONWriter.appendQuoted(body, to: &line)
                    } else {
                        // Keep the line, with U+FFFD for each invalid sequence, so the output stays UTF-8.
                        invalidUTF8Lines += 1
                        JSONWriter.appendQuoted(String(decoding: body, as: UTF8.self), to: &line)
                    }
                    line.append(UInt8(ascii: "}"))
                }
            }
            line.append(0x0A)
            output.writer.write(line)
        }
    }
}
