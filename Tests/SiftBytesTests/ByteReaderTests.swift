import Foundation
import SiftModel
import SiftTestSupport
import Testing

@testable import SiftBytes

@Suite struct ByteReaderTests {
    let memberTexts = ["m1 line1\nm1 line2\n", "", "m3 line1\nm3 line2\nm3 line3\n"]

    func threeMembers() throws -> [UInt8] {
        try memberTexts.flatMap { try Py.gzip($0) }
    }

    @Test("Concatenated gzip members decode back to back, empty member included")
    func concatenatedMembers() throws {
        let dir = try TempDir()
        let path = try dir.write("firehose-object", try threeMembers())
        let reader = try ByteReader(.file(path))
        #expect(reader.compression == .gzip)
        let bytes = try drain(reader)
        #expect(String(decoding: bytes, as: UTF8.self) == memberTexts.joined())
        #expect(reader.currentMember == 3)
        #expect(reader.decompressedBytesRead == Int64(bytes.count))
        #expect(reader.compressedBytesRead == Int64(try threeMembers().count))
    }

    @Test("Lines carry the gzip member they came from")
    func lineMembers() throws {
        let dir = try TempDir()
        let path = try dir.write("obj", try threeMembers())
        let events = collectLines(try ByteReader(.file(path)))
        #expect(events.texts == ["m1 line1", "m1 line2", "m3 line1", "m3 line2", "m3 line3"])
        #expect(events.locations.map(\.member) == [1, 1, 3, 3, 3])
        #expect(events.locations.map(\.line) == [1, 2, 3, 4, 5])
        #expect(events.locations.map(\.byteOffset) == [0, 9, 18, 27, 36])
    }

    @Test("Every input buffer size decodes the same bytes and members")
    func everyInputBufferSize() throws {
        let dir = try TempDir()
        let path = try dir.write("obj", try threeMembers())
        let expected = collectLines(try ByteReader(.file(path)))
        for size in 1...80 {
            let got = collectLines(try ByteReader(.file(path), bufferBytes: size), bufferBytes: 7)
            #expect(got == expected, "input buffer \(size)")
        }
    }

    @Test("A zlib stream and plain bytes decode too")
    func zlibAndPlain() throws {
        let dir = try TempDir()
        let text = "{\"a\":1}\n{\"b\":2}\n"
        let z = try dir.write("z", try Py.zlib(Array(text.utf8)))
        let p = try dir.write("p", Array(text.utf8))
        let zr = try ByteReader(.file(z))
        #expect(zr.compression == .zlib)
        #expect(String(decoding: try drain(zr), as: UTF8.self) == text)
        #expect(zr.currentMember == 0)
        let pr = try ByteReader(.file(p))
        #expect(pr.compression == .none)
        #expect(String(decoding: try drain(pr), as: UTF8.self) == text)
    }

    @Test("Truncated gzip delivers every decodable line, then names member 2 and an offset")
    func truncatedGzip() throws {
        let dir = try TempDir()
        let first = try Py.gzip((1...50).map { "first member line \($0)\n" }.joined())
        let secondText = (1...400).map { "second member line \($0) with some more text \($0 * 7919)\n" }.joined()
        let second = try Py.gzip(secondText)
        let cut = first + second[..<(second.count / 2)]
        let path = try dir.write("cut.gz", Array(cut))
        let events = collectLines(try ByteReader(.file(path)), bufferBytes: 4096)
        let errors = events.errors
        try #require(errors.count == 1)
        #expect(errors[0].0 == .truncatedGzip)
        #expect(errors[0].1.member == 2)
        let lines = events.texts
        // All 50 first-member lines, then a prefix of the second member's lines, in order.
        #expect(lines.count > 60)
        let expected =
            (1...50).map { "first member line \($0)" }
            + (1...400).map { "second member line \($0) with some more text \($0 * 7919)" }
        let errorIndex = events.firstIndex { if case .error = $0 { true } else { false } }!
        let beforeError = events[..<errorIndex].texts
        #expect(beforeError == Array(expected[..<beforeError.count]))
        // The error offset is where decoding stopped: every decoded byte was delivered.
        let delivered = events[..<errorIndex].locations.last!
        #expect(errors[0].1.byteOffset >= delivered.byteOffset)
        let decodedLength = Int64(beforeError.reduce(0) { $0 + $1.utf8.count + 1 })
        #expect(errors[0].1.byteOffset >= decodedLength)
        // The line framer adds the number of the line the stream broke in.
        #expect(errors[0].1.line == beforeError.count + 1)

        // The error message names member 2.
        do {
            _ = try drain(try ByteReader(.file(path)))
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .truncatedGzip)
            #expect(error.description.contains("(gzip member 2, byte "))
            #expect(error.description.contains("truncated gzip data"))
            #expect(error.compressedOffset != nil)
        }
    }

    @Test("Junk after a gzip member is a located error, after the member's bytes")
    func trailingJunk() throws {
        let dir = try TempDir()
        let path = try dir.write("junk.gz", try Py.gzip("a\nb\n") + Array("GARBAGE\n".utf8))
        let events = collectLines(try ByteReader(.file(path)))
        #expect(events.texts == ["a", "b"])
        #expect(events.errors.map(\.0) == [.trailingData])
        #expect(events.errors.first?.1.byteOffset == 4)
        #expect(events.errors.first?.1.member == 1)
    }

    @Test("Corrupt deflate data is corruptGzip with its member")
    func corruptMember() throws {
        let dir = try TempDir()
        var second = try Py.gzip(String(repeating: "xyz\n", count: 1000))
        for i in 12..<min(40, second.count - 8) { second[i] ^= 0x5A }
        let path = try dir.write("bad.gz", try Py.gzip("ok\n") + second)
        let events = collectLines(try ByteReader(.file(path)))
        #expect(events.texts.first == "ok")
        let kinds = events.errors.map(\.0)
        try #require(kinds.count == 1)
        guard case .corruptGzip = kinds[0] else { Issue.record("got \(kinds)"); return }
        #expect(events.errors[0].1.member == 2)
    }

    @Test("Two nested gzip layers are unwrapped")
    func nestedGzip() throws {
        let dir = try TempDir()
        let inner = try Py.gzip("{\"x\":1}") + Py.gzip("{\"x\":2}")
        let path = try dir.write("double", try Py.gzip(inner))
        let reader = try ByteReader(.file(path), bufferBytes: 3)
        #expect(reader.isNestedGzip)
        let values = collectValues(reader)
        #expect(values.texts == ["{\"x\":1}", "{\"x\":2}"])
        #expect(values.locations.map(\.member) == [1, 2])
    }

    @Test("Peek does not consume")
    func peek() throws {
        let dir = try TempDir()
        let path = try dir.write("p.gz", try Py.gzip("{\"messageType\":\"DATA_MESSAGE\"}"))
        let reader = try ByteReader(.file(path), bufferBytes: 5)
        #expect(try reader.peek(14) == Array("{\"messageType\"".utf8))
        #expect(try reader.peek(3) == Array("{\"m".utf8))
        #expect(String(decoding: try drain(reader, chunk: 4), as: UTF8.self) == "{\"messageType\":\"DATA_MESSAGE\"}")
    }

    @Test("Peeking across a tiny first member keeps member numbers right")
    func peekAcrossMembers() throws {
        let dir = try TempDir()
        let path = try dir.write("tiny", try Py.gzip("a\n") + Py.gzip("") + Py.gzip("bb\ncc\n"))
        let reader = try ByteReader(.file(path), bufferBytes: 2)
        #expect(try reader.peek(64) == Array("a\nbb\ncc\n".utf8))
        let events = collectLines(reader)
        #expect(events.texts == ["a", "bb", "cc"])
        #expect(events.locations.map(\.member) == [1, 3, 3])
    }

    @Test("An empty file is fine: zero bytes, zero lines")
    func emptyFile() throws {
        let dir = try TempDir()
        let path = try dir.write("empty", [])
        let reader = try ByteReader(.file(path))
        #expect(reader.compression == .none)
        #expect(collectLines(reader).isEmpty)
        let gz = try dir.write("empty.gz", try Py.gzip([]))
        #expect(collectLines(try ByteReader(.file(gz))).isEmpty)
    }

    @Test("Missing path, directory and unreadable file are errors naming the path")
    func pathErrors() throws {
        let dir = try TempDir()
        #expect(throws: InputError.self) { try ByteReader(.file(dir.path + "/nope")) }
        do {
            _ = try ByteReader(.file(dir.path + "/nope"))
        } catch {
            #expect(error.kind == .notFound)
            #expect(error.description == dir.path + "/nope: no such file or directory")
        }
        do {
            _ = try ByteReader(.file(dir.path))
            Issue.record("a directory opened as a file")
        } catch {
            #expect(error.kind == .unreadable(errno: EISDIR))
            #expect(error.description == dir.path + ": is a directory")
        }
        if geteuid() != 0 {
            let locked = try dir.write("locked", Array("x".utf8))
            chmod(locked, 0)
            do {
                _ = try ByteReader(.file(locked))
                Issue.record("read an unreadable file")
            } catch {
                #expect(error.kind == .unreadable(errno: EACCES))
                #expect(error.description.hasPrefix(locked + ": permission denied"))
            }
        }
    }

    /// Two zstd frames back to back (`zstd a.txt; zstd b.txt; cat a.zst b.zst`).
    static let zstdFrames: [UInt8] = [
        0x28, 0xb5, 0x2f, 0xfd, 0x24, 0x14, 0xa1, 0x00, 0x00, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x20, 0x7a, 0x73, 0x74, 0x64, 0x0a,
        0x6c, 0x69, 0x6e, 0x65, 0x20, 0x74, 0x77, 0x6f, 0x0a, 0x5c, 0xe8, 0xe2, 0x44, 0x28, 0xb5, 0x2f, 0xfd, 0x24, 0x0b, 0x59,
        0x00, 0x00, 0x74, 0x68, 0x69, 0x72, 0x64, 0x20, 0x6c, 0x69, 0x6e, 0x65, 0x0a, 0x33, 0xfa, 0xbf, 0xc5,
    ]

    @Test("zstd: frames back to back decode at every buffer size with the Zstd trait; without it, detected and reported")
    func zstd() throws {
        let dir = try TempDir()
        let path = try dir.write("z.zst", Self.zstdFrames)
        guard Zstd.isAvailable else {
            #expect(throws: InputError.self) { try ByteReader(.file(path)) }
            return
        }
        for bufferBytes in [1, 3, 7, 64, 1 << 18] {
            let reader = try ByteReader(.file(path), bufferBytes: bufferBytes)
            #expect(reader.compression == .zstd)
            #expect(String(decoding: try drain(reader, chunk: 5), as: UTF8.self) == "hello zstd\nline two\nthird line\n", "\(bufferBytes)")
        }
    }

    @Test("zstd: a cut frame, corrupt data and junk after a frame are located errors after the good bytes", .enabled(if: Zstd.isAvailable))
    func zstdDamaged() throws {
        let dir = try TempDir()
        func failure(_ bytes: [UInt8]) throws -> (text: String, error: InputError?) {
            let reader = try ByteReader(.file(try dir.write("d.zst", bytes)))
            var out: [UInt8] = []
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 1)
            defer { buffer.deallocate() }
            do throws(InputError) {
                while true {
                    let n = try reader.read(into: buffer)
                    if n == 0 { return (String(decoding: out, as: UTF8.self), nil) }
                    out += buffer[..<n]
                }
            } catch {
                return (String(decoding: out, as: UTF8.self), error)
            }
        }
        let cut = try failure(Array(Self.zstdFrames.dropLast(6)))
        #expect(cut.text.hasPrefix("hello zstd\nline two\n"))
        #expect(cut.error?.kind == .truncatedZstd)
        var corrupt = Self.zstdFrames
        corrupt[38] ^= 0xFF
        let bad = try failure(corrupt)
        #expect(bad.text == "hello zstd\nline two\n")
        if case .corruptZstd = bad.error?.kind {} else { Issue.record("got \(String(describing: bad.error))") }
        let junk = try failure(Self.zstdFrames + [0x41, 0x42, 0x43, 0x44])
        #expect(junk.text == "hello zstd\nline two\nthird line\n")
        #expect(junk.error?.kind == .trailingData)
    }

    @Test("Invalid UTF-8 and binary bytes pass through unchanged")
    func binaryPassThrough() throws {
        var bytes: [UInt8] = []
        var seed: UInt32 = 12345
        for _ in 0..<5000 {
            seed = seed &* 1_103_515_245 &+ 12345
            bytes.append(UInt8(truncatingIfNeeded: seed >> 16))
        }
        bytes[0] = 0xFF  // Not a compression magic.
        let dir = try TempDir()
        let path = try dir.write("bin", bytes)
        let reader = try ByteReader(.file(path), bufferBytes: 333)
        #expect(try drain(reader, chunk: 100) == bytes)
        // Framed as lines, joining them with \n gives the input back (no CR in front of an LF here).
        var crlfFree = bytes
        for i in 1..<crlfFree.count where crlfFree[i] == 0x0A && crlfFree[i - 1] == 0x0D { crlfFree[i - 1] = 0x20 }
        if crlfFree.last == 0x0D { crlfFree[crlfFree.count - 1] = 0x20 }
        let lines = collectLines(MemoryByteStream(crlfFree), bufferBytes: 64)
        let records: [[UInt8]] = lines.compactMap { if case .record(let b, _) = $0 { b } else { nil } }
        var joined: [UInt8] = Array(records.joined(separator: [UInt8(0x0A)]))
        if crlfFree.last == 0x0A { joined.append(0x0A) }
        #expect(joined == crlfFree)
    }

    @Test("Standard input through a pipe")
    func stdinPipe() throws {
        // Run a child shell that feeds gzip into this test binary's stdin is impractical; instead
        // replace fd 0 with a pipe for the duration of the test.
        let gz = try Py.gzip("s1\ns2\n") + Py.gzip("s3\n")
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        let saved = dup(0)
        defer {
            dup2(saved, 0)
            close(saved)
        }
        dup2(fds[0], 0)
        close(fds[0])
        gz.withUnsafeBytes { _ = write(fds[1], $0.baseAddress, $0.count) }
        close(fds[1])
        let events = collectLines(try ByteReader(.standardInput))
        #expect(events.texts == ["s1", "s2", "s3"])
        #expect(events.locations.first?.source == "<stdin>")
    }
}
