import Foundation
import SiftModel
import SiftTestSupport
import Testing

@testable import SiftBytes

@Suite struct LineFramerTests {
    func lines(
        _ text: String,
        maxLineBytes: Int = LineFramer.defaultMaxLineBytes,
        bufferBytes: Int = 1 << 20,
        maxReadBytes: Int = .max
    ) -> [Event] {
        collectLines(
            MemoryByteStream(Array(text.utf8), name: "t", maxReadBytes: maxReadBytes),
            maxLineBytes: maxLineBytes,
            bufferBytes: bufferBytes
        )
    }

    @Test("LF, CRLF, empty lines and a final line without newline")
    func basics() {
        let events = lines("a\r\nbb\n\nccc\r\n\r\nlast")
        #expect(events.texts == ["a", "bb", "", "ccc", "", "last"])
        #expect(events.locations.map(\.line) == [1, 2, 3, 4, 5, 6])
        #expect(events.locations.map(\.byteOffset) == [0, 3, 6, 7, 12, 14])
        #expect(events.locations.allSatisfy { $0.source == "t" && $0.member == nil })
    }

    @Test("Empty input gives no lines; a lone newline gives one empty line")
    func empty() {
        #expect(lines("").isEmpty)
        #expect(lines("\n").texts == [""])
    }

    @Test("Every buffer size and every read split give identical lines and locations")
    func everySplit() {
        let text = "first\r\n{\"k\":\"v\"}\n\nμ unicode line\nx\r\n\r\nthe end without newline"
        let expected = lines(text)
        #expect(expected.texts.count == 7)
        for bufferBytes in 1...text.utf8.count + 2 {
            for maxRead in [1, 2, 3, 5, 1000] {
                let got = lines(text, bufferBytes: bufferBytes, maxReadBytes: maxRead)
                #expect(got == expected, "buffer \(bufferBytes) read \(maxRead)")
            }
        }
    }

    @Test("A line over the limit is reported at its start and the next line survives", arguments: [1, 4, 64, 4096])
    func tooLong(bufferBytes: Int) {
        let long = String(repeating: "x", count: 100)
        let text = "short\n" + long + "\r\nafter\n" + long + "\nfinal"
        let events = lines(text, maxLineBytes: 50, bufferBytes: bufferBytes)
        #expect(events.texts == ["short", "after", "final"])
        let errors = events.errors
        #expect(errors.map(\.0) == [.lineTooLong(limit: 50), .lineTooLong(limit: 50)])
        #expect(errors.map(\.1.line) == [2, 4])
        #expect(errors.map(\.1.byteOffset) == [6, 6 + 102 + 6])
        #expect(events.locations.map(\.line) == [1, 3, 5])
    }

    @Test("A 16 MB line passes the default limit and fails a 1 MiB limit, then the next line survives")
    func twentyMegabyteLine() throws {
        var bytes = Array("before\n".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "y"), count: 16_000_000)
        bytes += Array("\nafter\n".utf8)
        let ok = collectLines(MemoryByteStream(bytes, maxReadBytes: 1 << 18))
        #expect(ok.errors.isEmpty)
        let okLines = ok.compactMap { if case .record(let b, _) = $0 { b.count } else { nil } }
        #expect(okLines == [6, 16_000_000, 5])

        let limited = collectLines(MemoryByteStream(bytes, maxReadBytes: 1 << 18), maxLineBytes: 1 << 20)
        #expect(limited.texts == ["before", "after"])
        #expect(limited.errors.map(\.0) == [.lineTooLong(limit: 1 << 20)])
        #expect(limited.errors.first?.1.line == 2)
        #expect(limited.errors.first?.1.byteOffset == 7)
        #expect(limited.locations.last?.line == 3)
        #expect(limited.locations.last?.byteOffset == 16_000_008)
    }

    @Test("The default limit is 16 MiB, as --max-line-bytes; a 16 MiB line from a gzip file is fine with it")
    func defaultLimitFromGzip() throws {
        #expect(LineFramer.defaultMaxLineBytes == 16 << 20)
        let dir = try TempDir()
        let line = String(repeating: "z", count: 16 << 20)
        let path = try dir.write("big.gz", try Py.gzip("a\n" + line + "\nb\n"))
        let events = collectLines(try ByteReader(.file(path)))
        #expect(events.errors.isEmpty)
        #expect(events.compactMap { if case .record(let b, _) = $0 { b.count } else { nil } } == [1, 16 << 20, 1])
    }

    @Test("Invalid UTF-8 bytes pass through unchanged")
    func invalidUTF8() {
        let bytes: [UInt8] = [0xC3, 0x28, 0x0A, 0xFF, 0xFE, 0x0D, 0x0A, 0x80]
        let events = collectLines(MemoryByteStream(bytes, maxReadBytes: 1), bufferBytes: 2)
        let records = events.compactMap { if case .record(let b, _) = $0 { b } else { nil } }
        #expect(records == [[0xC3, 0x28], [0xFF, 0xFE], [0x80]])
    }

    @Test("Lines from a pipelined reader match the plain reader")
    func pipelined() throws {
        let dir = try TempDir()
        let text = (1...3000).map { "line \($0) \(String(repeating: "p", count: $0 % 97))\n" }.joined()
        let path = try dir.write(
            "p.gz",
            try Py.gzip(String(text.prefix(40_000))) + Py.gzip(String(text.dropFirst(40_000)))
        )
        let plain = collectLines(try ByteReader(.file(path)))
        let piped = collectLines(
            PipelinedByteReader(try ByteReader(.file(path), bufferBytes: 1000), slots: 2, slotBytes: 777),
            bufferBytes: 512
        )
        #expect(plain.texts.count == 3000)
        #expect(piped == plain)
        #expect(Set(plain.locations.compactMap(\.member)) == [1, 2])
    }

    @Test("Pipelined reader delivers errors in order after the good bytes")
    func pipelinedTruncation() throws {
        let dir = try TempDir()
        let second = try Py.gzip((1...500).map { "row \($0)\n" }.joined())
        let path = try dir.write("cut.gz", try Py.gzip("one\ntwo\n") + second[..<(second.count - 20)])
        let plain = collectLines(try ByteReader(.file(path)))
        let piped = collectLines(PipelinedByteReader(try ByteReader(.file(path)), slots: 3, slotBytes: 100))
        #expect(piped == plain)
        #expect(plain.errors.map(\.0) == [.truncatedGzip])
        #expect(plain.texts.prefix(3) == ["one", "two", "row 1"])
    }
}
