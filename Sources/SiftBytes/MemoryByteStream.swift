/// A ``ByteStream`` over bytes in memory: the test double for framers and decoders, shipped as a
/// real type.
///
/// `maxReadBytes` caps each ``read(into:)`` so tests can cut the input at every possible place.
///
/// ```swift
/// var lines = LineFramer(MemoryByteStream(Array("a\nb\n".utf8), maxReadBytes: 1))
/// ```
public final class MemoryByteStream: ByteStream {
    /// The name used in locations (a `.file` source; nothing is opened).
    public let source: InputSource
    private let bytes: [UInt8]
    private let maxReadBytes: Int
    private var position = 0

    /// Creates a stream over `bytes`.
    ///
    /// - Parameters:
    ///   - name: the source name for locations.
    ///   - maxReadBytes: the most bytes one read returns (default: unlimited).
    public init(_ bytes: [UInt8], name: String = "<memory>", maxReadBytes: Int = .max) {
        self.bytes = bytes
        source = .file(name)
        self.maxReadBytes = max(1, maxReadBytes)
    }

    /// Always `0`: the bytes are not gzip.
    public var currentMember: Int { 0 }

    /// Copies the next bytes into `buffer`; `0` at the end.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        let n = min(buffer.count, maxReadBytes, bytes.count - position)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + position, byteCount: n) }
        position += n
        return n
    }
}
