import SiftBytes
import SiftTestSupport
import Testing

/// How ``PipelinedByteReader`` ends. (Its bytes, members and errors are compared with the plain
/// reader's in `LineFramerTests`.)
@Suite struct PipelinedByteReaderTests {
    /// A small ring, so what the background thread may read ahead is small next to the input.
    static let slots = 2
    static let slotBytes = 4096
    /// The wrapped reader's largest `read(2)`.
    static let readBytes = 4096
    /// The input: 1.1 MB of numbered lines, over 260 ring slots.
    static let text = (1...100_000).map { "line \($0)\n" }.joined()

    /// Wraps `reader`, reads `lines` lines through a framer, then drops the framer and the
    /// pipelined reader. Returns the bytes the pipelined reader handed out; by the time it
    /// returns, the pipelined reader's deinit has run.
    static func readThenDrop(_ reader: ByteReader, lines: Int) throws -> Int64 {
        let pipelined = PipelinedByteReader(reader, slots: slots, slotBytes: slotBytes)
        var framer = LineFramer(pipelined, bufferBytes: 100)
        for i in 0..<lines {
            let line = try #require(try framer.next())
            #expect(String(decoding: line, as: UTF8.self) == "line \(i + 1)")
        }
        return pipelined.decompressedBytesRead
    }

    /// The deinit's promise: dropping the reader cancels the background thread, wakes it if it waits
    /// for a free slot, and joins it. Seen through the wrapped ``ByteReader``, which belongs to the
    /// thread: its counters say how far the thread read, and a weak reference to it says whether the
    /// thread (holding the ring, which holds the reader) has ended. A join that never returns hangs
    /// the test, which the time limit turns into a failure.
    @Test("Dropping a pipelined reader mid-stream stops and joins its thread without reading the rest",
          .timeLimit(.minutes(1)), arguments: [false, true], [0, 1, 2_000])
    func earlyDrop(gzip: Bool, lines: Int) throws {
        let dir = try TempDir()
        let file = gzip ? try Py.gzip(Self.text) : Array(Self.text.utf8)
        let path = try dir.write(gzip ? "big.gz" : "big", file)
        // Several rounds: the thread may be anywhere in its loop when the reader is dropped.
        for _ in 0..<5 {
            var reader: ByteReader? = try ByteReader(.file(path), bufferBytes: Self.readBytes)
            weak let watched = reader
            let handedOut = try Self.readThenDrop(reader!, lines: lines)

            // The thread was joined, so these counts are final and safe to read here.
            let inflated = reader!.decompressedBytesRead
            let raw = reader!.compressedBytesRead
            // It ran at most a full ring ahead of the consumer, then stopped: the rest was never read.
            #expect(inflated >= handedOut)
            #expect(inflated <= handedOut + Int64(Self.slots * Self.slotBytes))
            #expect(raw <= inflated + Int64(Self.readBytes), "read \(raw) raw bytes for \(inflated) inflated")
            #expect(raw < Int64(file.count) / 4, "read \(raw) of the file's \(file.count) bytes")

            // Nothing but `reader` holds the wrapped reader: the thread has ended and released the ring.
            reader = nil
            #expect(watched == nil, "the background thread still holds the ring")
        }
    }
}
