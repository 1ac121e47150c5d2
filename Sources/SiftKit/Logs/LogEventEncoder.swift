import SiftFormats
import SiftJSON
import SiftModel
import SiftRender

/// Renders log events as text lines, JSON Lines or CSV rows into a reused byte buffer, without a
/// `String` per event.
public enum LogEventEncoder {
    /// The CSV header row matching ``appendCSV(_:to:)``, ending in ``SiftRender/CSVWriter/lineEnding``.
    public static let csvHeader = "timestamp,timestamp_ms,ingestion_time_ms,group,stream,event_id,message" + CSVWriter.lineEnding

    /// `<ISO timestamp> <stream> <message>\n` (the stream is left out when unknown).
    ///
    /// The stream and message are terminal-safe (``SiftModel/DisplayText``): a line break inside
    /// a message shows as `\n` or `\r` and never starts a line that looks like another event,
    /// controls and bidi overrides show as escapes, tabs and a message's final line break stay.
    public static func appendText(_ event: LogEventView, to line: inout [UInt8]) {
        appendISO8601(millis: event.timestampMillis, to: &line)
        line.append(0x20)
        if let stream = event.stream {
            appendDisplay(stream, to: &line)
            line.append(0x20)
        }
        DisplayText.append(event.message, tabs: .keep, keepingFinalLineBreak: true, to: &line)
        line.append(0x0A)
    }

    /// The message alone (terminal-safe, as in ``appendText(_:to:)``), then `\n`.
    public static func appendMessage(_ event: LogEventView, to line: inout [UInt8]) {
        DisplayText.append(event.message, tabs: .keep, keepingFinalLineBreak: true, to: &line)
        line.append(0x0A)
    }

    private static func appendDisplay(_ string: String, to line: inout [UInt8]) {
        var string = string
        string.withUTF8 { DisplayText.append(UnsafeRawBufferPointer($0), tabs: .keep, to: &line) }
    }

    /// One JSON line: `timestamp` (ISO 8601), `timestamp_ms`, `ingestion_time_ms`, `group`, `stream`,
    /// `event_id` (absent members left out), `message`, then `@source`, `@line` or `@record`, and
    /// `@offset` when `withLocation`. Invalid UTF-8 in the message becomes U+FFFD.
    public static func appendJSON(_ event: LogEventView, withLocation: Bool, to line: inout [UInt8]) {
        line.append(contentsOf: "{\"timestamp\":\"".utf8)
        appendISO8601(millis: event.timestampMillis, to: &line)
        line.append(contentsOf: "\",\"timestamp_ms\":".utf8)
        JSONWriter.appendInteger(event.timestampMillis, to: &line)
        if let ingestion = event.ingestionTimeMillis {
            line.append(contentsOf: ",\"ingestion_time_ms\":".utf8)
            JSONWriter.appendInteger(ingestion, to: &line)
        }
        if let group = event.group {
            line.append(contentsOf: ",\"group\":".utf8)
            appendQuoted(group, to: &line)
        }
        if let stream = event.stream {
            line.append(contentsOf: ",\"stream\":".utf8)
            appendQuoted(stream, to: &line)
        }
        if !event.eventID.isEmpty {
            line.append(contentsOf: ",\"event_id\":".utf8)
            JSONWriter.appendQuoted(event.eventID, to: &line)
        }
        line.append(contentsOf: ",\"message\":".utf8)
        appendQuotedLenient(event.message, to: &line)
        if withLocation {
            line.append(contentsOf: ",\"@source\":".utf8)
            appendQuoted(event.location.source, to: &line)
            if let number = event.location.line {
                line.append(contentsOf: ",\"@line\":".utf8)
                JSONWriter.appendInteger(Int64(number), to: &line)
            } else if let number = event.location.record {
                line.append(contentsOf: ",\"@record\":".utf8)
                JSONWriter.appendInteger(Int64(number), to: &line)
            }
            line.append(contentsOf: ",\"@offset\":".utf8)
            JSONWriter.appendInteger(event.location.byteOffset, to: &line)
        }
        line.append(contentsOf: "}\n".utf8)
    }

    /// Quotes a string as JSON, copying unescaped runs at once (names and paths repeat on every line).
    static func appendQuoted(_ string: String, to line: inout [UInt8]) {
        let quoted: Void? = string.utf8.withContiguousStorageIfAvailable { appendQuotedLenient(UnsafeRawBufferPointer($0), to: &line) }
        if quoted == nil { JSONWriter.appendQuoted(string, to: &line) }
    }

    /// Quotes `bytes` as JSON; invalid UTF-8 (kept raw in messages) becomes U+FFFD so the line stays valid JSON.
    ///
    /// Runs of bytes that need no escape are copied at once; UTF-8 is validated only when a
    /// non-ASCII byte was seen. DEL, C1 controls and bidi overrides are escaped as
    /// ``SiftJSON/JSONWriter/appendQuoted(_:to:)-(UnsafeRawBufferPointer,_)`` escapes them (the
    /// line is redone by it when a byte that may start one was seen).
    static func appendQuotedLenient(_ bytes: UnsafeRawBufferPointer, to line: inout [UInt8]) {
        let start = line.count
        line.append(UInt8(ascii: "\""))
        var runStart = 0
        var sawNonASCII = false
        var sawControlLead = false
        for i in 0..<bytes.count {
            let byte = bytes[i]
            if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") && byte != 0x7F {
                if byte >= 0x80 { sawNonASCII = true; if byte == 0xC2 || byte == 0xE2 { sawControlLead = true } }
                continue
            }
            if runStart < i { line.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart..<i])) }
            runStart = i + 1
            switch byte {
            case UInt8(ascii: "\""): line.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): line.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: line.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: line.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: line.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            default:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                line.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            }
        }
        if runStart < bytes.count { line.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart...])) }
        line.append(UInt8(ascii: "\""))
        if sawNonASCII && (sawControlLead || String(validating: bytes, as: UTF8.self) == nil) {
            line.removeSubrange(start...)
            JSONWriter.appendQuoted(String(decoding: bytes, as: UTF8.self), to: &line)
        }
    }

    /// One CSV row with the columns of ``csvHeader``, quoted and ended by ``SiftRender/CSVWriter``.
    public static func appendCSV(_ event: LogEventView, to line: inout [UInt8]) {
        appendISO8601(millis: event.timestampMillis, to: &line)
        line.append(UInt8(ascii: ","))
        JSONWriter.appendInteger(event.timestampMillis, to: &line)
        line.append(UInt8(ascii: ","))
        if let ingestion = event.ingestionTimeMillis { JSONWriter.appendInteger(ingestion, to: &line) }
        line.append(UInt8(ascii: ","))
        if let group = event.group { appendCSVField(group, to: &line) }
        line.append(UInt8(ascii: ","))
        if let stream = event.stream { appendCSVField(stream, to: &line) }
        line.append(UInt8(ascii: ","))
        CSVWriter.appendTextField(event.eventID, to: &line)
        line.append(UInt8(ascii: ","))
        CSVWriter.appendTextField(event.message, to: &line)
        CSVWriter.endLine(&line)
    }

    /// A text field as the table CSV writes it: terminal-safe, formulas neutralised, quoted.
    private static func appendCSVField(_ string: String, to line: inout [UInt8]) {
        var string = string
        string.withUTF8 { CSVWriter.appendTextField(UnsafeRawBufferPointer($0), to: &line) }
    }

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ` for epoch milliseconds, written digit by digit.
    public static func appendISO8601(millis: Int64, to line: inout [UInt8]) {
        let days = millis >= 0 ? millis / 86_400_000 : (millis - 86_399_999) / 86_400_000
        var rest = millis - days * 86_400_000
        let (year, month, day) = Timestamp.civilFromDays(days)
        func digits(_ value: Int64, _ count: Int) {
            var divisor: Int64 = 1
            for _ in 1..<count { divisor *= 10 }
            var value = value
            while divisor > 0 {
                line.append(UInt8(truncatingIfNeeded: 0x30 + (value / divisor) % 10))
                value %= divisor
                divisor /= 10
            }
        }
        digits(year, 4)
        line.append(UInt8(ascii: "-"))
        digits(month, 2)
        line.append(UInt8(ascii: "-"))
        digits(day, 2)
        line.append(UInt8(ascii: "T"))
        digits(rest / 3_600_000, 2)
        rest %= 3_600_000
        line.append(UInt8(ascii: ":"))
        digits(rest / 60_000, 2)
        rest %= 60_000
        line.append(UInt8(ascii: ":"))
        digits(rest / 1000, 2)
        line.append(UInt8(ascii: "."))
        digits(rest % 1000, 3)
        line.append(UInt8(ascii: "Z"))
    }
}
