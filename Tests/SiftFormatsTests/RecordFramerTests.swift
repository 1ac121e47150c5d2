import SiftBytes
import SiftFormats
import SiftModel
import Testing

/// A byte stream over memory that hands out at most `chunk` bytes per read, to cross buffer edges.
final class ChunkedStream: ByteStream {
    let source: InputSource = .file("memory")
    var currentMember: Int { 0 }
    private let bytes: [UInt8]
    private let chunk: Int
    private var offset = 0

    init(_ bytes: [UInt8], chunk: Int) {
        self.bytes = bytes
        self.chunk = chunk
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        let count = min(chunk, buffer.count, bytes.count - offset)
        if count == 0 { return 0 }
        bytes.withUnsafeBytes { raw in
            buffer.baseAddress!.copyMemory(from: raw.baseAddress! + offset, byteCount: count)
        }
        offset += count
        return count
    }
}

@Suite struct RecordFramerTests {
    private func frame(
        _ text: String, framing: RecordFraming, chunk: Int = 1 << 16, maxRecordBytes: Int = 1 << 20, strict: Bool = false
    ) -> (records: [String], locations: [InputLocation], diagnostics: Diagnostics) {
        var framer = RecordFramer(ChunkedStream(Array(text.utf8), chunk: chunk), framing: framing, maxRecordBytes: maxRecordBytes)
        var diagnostics = Diagnostics(strict: strict)
        var records: [String] = []
        var locations: [InputLocation] = []
        while let record = framer.next(&diagnostics) {
            records.append(String(decoding: record, as: UTF8.self))
            locations.append(framer.location)
        }
        return (records, locations, diagnostics)
    }

    @Test("lines: blank lines are skipped, numbers and offsets are kept")
    func lines() {
        let text = "{\"a\":1}\n\n   \n{\"b\":2}\r\n{\"c\":3}"
        for chunk in [1, 2, 3, 7, 64] {
            let (records, locations, diagnostics) = frame(text, framing: .lines, chunk: chunk)
            #expect(records.map { String(String.UnicodeScalarView($0.unicodeScalars.filter { $0 != "\r" })) } == ["{\"a\":1}", "{\"b\":2}", "{\"c\":3}"], "chunk \(chunk)")
            #expect(locations.map(\.line) == [1, 4, 5])
            #expect(locations.map(\.byteOffset) == [0, 13, 22])
            #expect(diagnostics.skippedCount == 0)
        }
    }

    @Test("values: concatenated and pretty-printed JSON values get record numbers")
    func values() {
        let text = "{\"a\":1}{\"b\":\n  2}\n\n[1,2] {\"c\":\"}{\"}"
        for chunk in [1, 5, 64] {
            let (records, locations, diagnostics) = frame(text, framing: .values, chunk: chunk)
            #expect(records.count == 4, "chunk \(chunk)")
            #expect(records.last?.contains("\"}{\"") == true)
            #expect(locations.map(\.record) == [1, 2, 3, 4])
            #expect(locations.first?.byteOffset == 0)
            #expect(locations[1].byteOffset == 7)
            #expect(diagnostics.skippedCount == 0)
        }
    }

    @Test("a line too long is skipped, located and counted; the lines after it survive")
    func lineTooLong() {
        let text = "short\n" + String(repeating: "x", count: 100) + "\nafter\nlast\n"
        let (records, _, diagnostics) = frame(text, framing: .lines, chunk: 16, maxRecordBytes: 32)
        #expect(records == ["short", "after", "last"])
        #expect(diagnostics.skippedByKind == ["line too long": 1])
        let example = try! #require(diagnostics.examples.first)
        #expect(example.location.line == 2)
        #expect(example.location.byteOffset == 6)
        #expect(diagnostics.summaryLine?.contains("memory:2 (byte 6)") == true)
    }

    @Test("junk between JSON values is skipped up to the next line starting a value")
    func junkBetweenValues() {
        let (records, _, diagnostics) = frame("{\"a\":1} xyz\n{\"b\":2}\n", framing: .values)
        #expect(records == ["{\"a\":1}", "{\"b\":2}"])
        #expect(diagnostics.skippedCount >= 1)
        #expect(diagnostics.skippedByKind == ["junk between JSON values": 1])
        #expect(diagnostics.examples.first?.location.record == 2)
        #expect(diagnostics.examples.first?.location.byteOffset == 8)
    }

    @Test("under strict the first bad record stops framing")
    func strictStops() {
        let text = "one\n" + String(repeating: "x", count: 100) + "\nthree\n"
        let (records, _, diagnostics) = frame(text, framing: .lines, maxRecordBytes: 32, strict: true)
        #expect(records == ["one"])
        #expect(diagnostics.shouldStop)
    }

    @Test("a value cut off at the end of the input is reported as truncated")
    func truncatedValue() {
        let (records, _, diagnostics) = frame("{\"a\":1}\n{\"b\":", framing: .values)
        #expect(records == ["{\"a\":1}"])
        #expect(diagnostics.skippedByKind == ["truncated JSON value": 1])
        #expect(diagnostics.examples.first?.location.record == 2)
        #expect(diagnostics.examples.first?.location.byteOffset == 8)
    }

    @Test("framing for JSON: one value per first line means lines, else values")
    func framingChoice() {
        func choose(_ s: String) -> RecordFraming { Array(s.utf8).withUnsafeBytes { RecordFraming.forJSON(prefix: $0) } }
        #expect(choose("{\"a\":1}\n{\"b\":2}\n") == .lines)
        #expect(choose("{\"a\":1}\r\n{\"b\":2}\r\n") == .lines)
        #expect(choose("{\"a\":1}") == .lines)
        #expect(choose("{\n  \"a\": 1\n}\n") == .values)
        #expect(choose("{\"a\":1}{\"b\":2}") == .values)
    }
}
