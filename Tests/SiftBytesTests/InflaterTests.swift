import SiftTestSupport
import Testing

@testable import SiftBytes

/// A backend stand-in: forwards to zlib and records what the reader asked of it.
final class RecordingInflater: Inflater {
    let inner = ZlibInflater()
    var resets: [Compression] = []
    var calls = 0

    func reset(for format: Compression) {
        resets.append(format)
        inner.reset(for: format)
    }

    func inflate(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> InflateResult {
        calls += 1
        return inner.inflate(input, into: output)
    }
}

@Suite struct InflaterTests {
    @Test("ByteReader drives any Inflater: one reset per gzip member")
    func injectedBackend() throws {
        let dir = try TempDir()
        let path = try dir.write("m", try Py.gzip("one\n") + Py.gzip("") + Py.gzip("two\n"))
        let inflater = RecordingInflater()
        let reader = try ByteReader(.file(path), inflater: inflater, bufferBytes: 7)
        #expect(String(decoding: try drain(reader), as: UTF8.self) == "one\ntwo\n")
        #expect(inflater.resets == [.gzip, .gzip, .gzip])
        #expect(inflater.calls > 3)
    }

    @Test("ZlibInflater reports stream end, and errors as codes")
    func zlibDirect() throws {
        let compressed = try Py.zlib(Array("hello hello hello".utf8))
        let inflater = ZlibInflater()
        inflater.reset(for: .zlib)
        var output = [UInt8](repeating: 0, count: 64)
        let result = compressed.withUnsafeBytes { input in
            output.withUnsafeMutableBytes { inflater.inflate(input, into: $0) }
        }
        #expect(result.streamEnded)
        #expect(result.errorCode == nil)
        #expect(result.consumed == compressed.count)
        #expect(String(decoding: output[..<result.produced], as: UTF8.self) == "hello hello hello")

        inflater.reset(for: .gzip)
        let junk: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0, 0x03, 0xFF, 0xFF, 0xFF, 0xFF]
        let bad = junk.withUnsafeBytes { input in output.withUnsafeMutableBytes { inflater.inflate(input, into: $0) } }
        #expect(bad.errorCode != nil)
    }

    @Test("Error descriptions name source, member, decompressed and compressed offsets")
    func descriptions() {
        let error = InputError(
            .truncatedGzip, location: .init(source: "a.gz", byteOffset: 1834, member: 2), compressedOffset: 913)
        #expect(error.description == "a.gz (gzip member 2, byte 1834): truncated gzip data (compressed byte 913)")
        let line = InputError(.lineTooLong(limit: 1024), location: .init(source: "x.log", line: 7, byteOffset: 99))
        #expect(line.description == "x.log:7 (byte 99): line longer than 1024 bytes (skipped)")
        let junk = InputError(.unexpectedByte(0x0A), location: .init(source: "f", byteOffset: 3))
        #expect(junk.description == "f (byte 3): unexpected byte 0x0A between JSON values")
        #expect(InputError(.unreadable(errno: 13), source: .file("p")).description == "p: permission denied")
    }
}
