import SiftKit

/// A ``ByteStream`` over bytes held in memory, so framing and scanning are measured without
/// `read(2)` or inflate in the way. ``rewind()`` starts over without allocating.
final class MemoryByteStream: ByteStream {
    let source: InputSource
    var currentMember: Int { 0 }
    private let bytes: UnsafeRawBufferPointer
    private var position = 0

    /// - Parameter bytes: must outlive the stream (the benchmarks keep them for the whole run).
    init(_ bytes: UnsafeRawBufferPointer, name: String) {
        self.bytes = bytes
        self.source = .file(name)
    }

    func rewind() { position = 0 }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        let count = min(buffer.count, bytes.count - position)
        guard count > 0, let base = bytes.baseAddress, let target = buffer.baseAddress else { return 0 }
        // Safe because: `position + count <= bytes.count` and `count <= buffer.count`.
        target.copyMemory(from: base + position, byteCount: count)
        position += count
        return count
    }
}
