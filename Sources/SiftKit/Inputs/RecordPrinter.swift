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
public enum RecordPrinter {
    /// Prints all records and returns the run's diagnostics and counters.
    public static func printAll(_ options: RunOptions, withLocation: Bool, to out: OutputWriter) -> InputRun<Int> {
        var sequential = options
        sequential.workers = 1
        // One input at a time keeps the order; each is pipelined by the runner.
        nonisolated(unsafe) let output = out
        return InputRunner.run(sequential) { input, diagnostics in
            guard output.isOpen else { return (0, 0) }
            var printer = Printer(output: output, withLocation: withLocation, logGroup: options.logGroup, maxRecordBytes: options.maxRecordBytes, line: [])
            let count = printer.print(input, &diagnostics)
            return (count, count)
        }
    }

    private struct Printer {
        let output: OutputWriter
        let withLocation: Bool
        let logGroup: String?
        let maxRecordBytes: Int
        var line: [UInt8]
        /// Text lines whose invalid UTF-8 was replaced.
        var invalidUTF8Lines = 0

        mutating func print(_ input: OpenedInput, _ diagnostics: inout Diagnostics) -> Int {
            var count = 0
            if input.format.holdsXRayDocuments {
                var reader = XRayDocumentReader(input)
                reader.forEachDocument(&diagnostics) { document, location, diagnostics in
                    guard output.isOpen, isValidJSON(document, location, &diagnostics) else { return }
                    count += 1
                    emit(document, location, json: true)
                }
                return count
            }
            if input.format.holdsLogEvents {
                var reader = LogEventReader(
                    input.stream, format: input.format, framing: input.framing, path: input.source.name, logGroup: logGroup,
                    maxRecordBytes: maxRecordBytes)
                reader.forEachEvent(&diagnostics) { event, _ in
                    guard output.isOpen else { return }
                    count += 1
                    line.removeAll(keepingCapacity: true)
                    LogEventEncoder.appendJSON(event, withLocation: withLocation, to: &line)
                    output.write(line)
                }
                return count
            }
            let isJSON = input.format != .unknown && input.format != .cloudWatchExport
            var records = RecordFramer(input)
            defer { diagnostics.note("text lines with invalid UTF-8 (printed with U+FFFD)", count: invalidUTF8Lines) }
            while output.isOpen, let record = records.next(&diagnostics) {
                if isJSON && !isValidJSON(record, records.location, &diagnostics) {
                    if diagnostics.shouldStop { break }
                    continue
                }
                count += 1
                emit(record, records.location, json: isJSON)
            }
            return count
        }

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
            output.write(line)
        }
    }
}
