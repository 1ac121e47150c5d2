import Foundation
import SiftBytes
import SiftFormats
import SiftModel

/// What reading some inputs with ``LogEventReader`` produced.
struct ReadLogs {
    var events: [LogEvent] = []
    var diagnostics = Diagnostics()
    var formats: [InputFormat] = []

    func count(stream: String) -> Int { events.filter { $0.stream == stream }.count }
}

/// Reads every input under `path` as the production code does: detect, then lend events.
func readLogs(_ path: String, format forced: InputFormat? = nil, logGroup: String? = nil) throws -> ReadLogs {
    var result = ReadLogs()
    let (sources, problems) = InputWalker.expand([path])
    for problem in problems { result.diagnostics.record(DecodeError(problem)) }
    for source in sources {
        let reader = try ByteReader(source)
        let prefix = try reader.peek(FormatDetector.prefixBytes)
        let format = forced ?? prefix.withUnsafeBytes { FormatDetector.detect(prefix: $0, path: source.name).format }
        result.formats.append(format)
        var events = LogEventReader(
            reader, format: format, framing: format == .cloudWatchExport ? .lines : .values, path: source.name, logGroup: logGroup)
        events.forEachEvent(&result.diagnostics) { event, _ in
            result.events.append(event.makeLogEvent())
            return true
        }
    }
    return result
}

/// A zlib stream (RFC 1950) of stored deflate blocks: valid, uncompressed, built without zlib.
func zlibStored(_ data: [UInt8]) -> [UInt8] {
    var out: [UInt8] = [0x78, 0x01]
    var chunks = stride(from: 0, to: max(data.count, 1), by: 65_535).map { Array(data[$0..<min($0 + 65_535, data.count)]) }
    if chunks.isEmpty { chunks = [[]] }
    for (i, chunk) in chunks.enumerated() {
        out.append(i == chunks.count - 1 ? 1 : 0)
        let length = UInt16(chunk.count)
        out += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
        out += chunk
    }
    var a: UInt32 = 1, b: UInt32 = 0
    for byte in data {
        a = (a + UInt32(byte)) % 65_521
        b = (b + a) % 65_521
    }
    let adler = b << 16 | a
    out += [UInt8(adler >> 24), UInt8(adler >> 16 & 0xFF), UInt8(adler >> 8 & 0xFF), UInt8(adler & 0xFF)]
    return out
}
