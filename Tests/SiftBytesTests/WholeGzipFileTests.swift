import Foundation
import SiftBytes
import SiftModel
import SiftTestSupport
import Testing

@Suite struct WholeGzipFileTests {
    func lines(_ stream: any ByteStream) throws -> [String] {
        var framer = LineFramer(stream)
        var result: [String] = []
        while let line = try framer.next() {
            result.append("\(framer.location.member ?? 0):" + String(decoding: line, as: UTF8.self) + "@\(framer.location.byteOffset)")
        }
        return result
    }

    @Test("Decodes every member like the zlib reader, with the same member numbers", .enabled(if: WholeGzipFile.isAvailable))
    func sameAsZlib() throws {
        let bytes = try Py.gzip("a\nb\n") + Py.gzip("") + Py.gzip("c\nd\n") + Py.gzip(String(repeating: "x", count: 300_000) + "\n")
        let dir = try TempDir()
        let path = try dir.write("members.gz", bytes)
        let whole = try #require(WholeGzipFile.decode(path: path))
        #expect(try whole.peek(3) == Array("a\nb".utf8))
        let fast = try lines(whole)
        let slow = try lines(try ByteReader(.file(path)))
        #expect(fast == slow)
        #expect(fast.first == "1:a@0")
        #expect(fast[2].hasPrefix("3:c"))
        #expect(whole.compressedBytesRead == Int64(bytes.count))
        // The framer borrowed the decoded bytes: all of them count as read.
        #expect(whole.decompressedBytesRead == 8 + 300_001)
        #expect(fast[3] == "3:d@6")
    }

    @Test("Truncated, corrupt or junk-trailed files, and files over the limits, are left to the zlib reader")
    func declines() throws {
        let good = try Py.gzip("a\nb\n") + Py.gzip("c\nd\n")
        let dir = try TempDir()
        let truncated = try dir.write("truncated.gz", Array(good.dropLast(5)))
        let junk = try dir.write("junk.gz", good + Array("junk".utf8))
        let plain = try dir.write("plain.gz", "plain text\n")
        let big = try dir.write("big.gz", good)
        #expect(WholeGzipFile.decode(path: truncated) == nil)
        #expect(WholeGzipFile.decode(path: junk) == nil)
        #expect(WholeGzipFile.decode(path: plain) == nil)
        #expect(WholeGzipFile.decode(path: big, maxCompressedBytes: 10) == nil)
        #expect(WholeGzipFile.decode(path: big, maxDecompressedBytes: 4) == nil)
        #expect(WholeGzipFile.decode(path: "/nonexistent/x.gz") == nil)
    }
}
