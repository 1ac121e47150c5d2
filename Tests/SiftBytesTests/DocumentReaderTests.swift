import SiftTestSupport
import Testing

@testable import SiftBytes

@Suite struct DocumentReaderTests {
    @Test("readAll returns the whole decompressed document")
    func readAll() throws {
        let dir = try TempDir()
        let document = "{\"events\":[" + (1...2000).map { "{\"i\":\($0)}" }.joined(separator: ",") + "]}"
        let path = try dir.write("doc.json.gz", try Py.gzip(document))
        let bytes = try DocumentReader.readAll(try ByteReader(.file(path), bufferBytes: 999))
        #expect(String(decoding: bytes, as: UTF8.self) == document)
    }

    @Test("A document over the limit is a located error")
    func tooLarge() throws {
        #expect(throws: InputError.self) {
            try DocumentReader.readAll(
                MemoryByteStream([UInt8](repeating: 32, count: 5000), maxReadBytes: 100),
                limit: 1000
            )
        }
        do {
            _ = try DocumentReader.readAll(MemoryByteStream([UInt8](repeating: 32, count: 5000)), limit: 1000)
        } catch {
            #expect(error.kind == .documentTooLarge(limit: 1000))
        }
    }
}
