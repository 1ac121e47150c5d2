import Glibc
import SiftModel

/// Reads an input's decompressed bytes through reusable buffers: `open(2)`/`read(2)`, no `Data`.
///
/// Compression is detected from the first bytes (``Compression/detect(_:)``), never from the name:
/// - **gzip**: every member is decoded, back to back, as Firehose writes them (empty members are
///   fine); ``currentMember`` counts them. Two nested gzip layers (decoded bytes starting with
///   `1f 8b` again, Firehose compression on top of CloudWatch's) are unwrapped transparently.
/// - **zlib**: one zlib stream.
/// - **plain**: passed through, read straight into the caller's buffer.
/// - **zstd**: frames back to back, decoded by libzstd when the build has the `Zstd` trait
///   (``Zstd/isAvailable``), else detected and reported as
///   ``InputError/Kind/unsupportedCompression(_:)``.
///
/// Memory per open input is constant: one input buffer of `bufferBytes` (default 256 KiB) per
/// layer plus the inflater's window (about 44 KiB for zlib).
///
/// Damaged input never traps. A truncated or corrupt member, or junk after the last member, is
/// thrown as an ``InputError`` naming the member and the decompressed byte offset, *after* every
/// byte that could be decoded was returned.
///
/// ```swift
/// let reader = try ByteReader(.file("firehose-object"))
/// let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
/// defer { buffer.deallocate() }
/// while case let n = try reader.read(into: buffer), n > 0 { consume(buffer[..<n], member: reader.currentMember) }
/// ```
public final class ByteReader: ByteStream {
    /// The input being read.
    public let source: InputSource
    private let fd: Int32
    private let ownsFD: Bool
    private let base: StreamDecoder
    private var top: StreamDecoder
    private var peeked: [UInt8] = []
    private var peekedStart = 0
    /// Where each gzip member's peeked bytes end, so reads of peeked bytes never mix members.
    private var peekedMembers: [(end: Int, member: Int)] = []
    /// An error met while peeking after some bytes were decoded; thrown once those bytes are read.
    private var deferredError: InputError?
    /// Decompressed bytes handed out by ``read(into:)``.
    public private(set) var decompressedBytesRead: Int64 = 0
    private var memberOfLastRead = 0

    /// Opens `source` and detects its compression from the first bytes.
    ///
    /// - Parameters:
    ///   - source: a file path or standard input (file descriptor 0, not closed by the reader).
    ///   - inflater: the DEFLATE backend; `nil` uses ``ZlibInflater``. Used for the outer layer.
    ///   - bufferBytes: the input buffer size, also the largest single `read(2)`. Tests force tiny
    ///     sizes (down to 1) to exercise every buffer edge.
    /// - Throws: ``InputError`` `.notFound` / `.unreadable(errno:)` (including `EISDIR` for a
    ///   directory) naming the path, or `.unsupportedCompression(.zstd)` without the `Zstd` trait.
    public init(_ source: InputSource, inflater: (any Inflater)? = nil, bufferBytes: Int = 1 << 18) throws(InputError) {
        self.source = source
        switch source {
        case .standardInput:
            fd = 0
            ownsFD = false
        case .file(let path):
            var opened: Int32
            repeat { opened = open(path, O_RDONLY | O_CLOEXEC) } while opened < 0 && errno == EINTR
            if opened < 0 {
                let code = errno
                throw InputError(code == ENOENT ? .notFound : .unreadable(errno: code), source: source)
            }
            var info = stat()
            if fstat(opened, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
                close(opened)
                throw InputError(.unreadable(errno: EISDIR), source: source)
            }
            fd = opened
            ownsFD = true
        }
        base = StreamDecoder(upstream: .fd(fd), source: source, inflater: inflater, bufferBytes: bufferBytes)
        top = base
        do {
            try base.detect()
            if base.compression == .gzip {
                // A second gzip layer: decoded bytes start with the gzip magic again.
                let head = try peek(2)
                if head == [0x1F, 0x8B] {
                    let inner = StreamDecoder(
                        upstream: .layer(base),
                        source: source,
                        inflater: nil,
                        bufferBytes: bufferBytes,
                        prefix: peeked
                    )
                    peeked = []
                    peekedStart = 0
                    peekedMembers = []
                    try inner.detect()
                    top = inner
                }
            }
        } catch {
            if ownsFD { close(fd) }
            throw error
        }
    }

    deinit {
        if ownsFD { close(fd) }
    }

    /// The compression of the input as stored (the outer layer).
    public var compression: Compression { base.compression }

    /// Whether the input is gzip inside gzip (both layers are decoded).
    public var isNestedGzip: Bool { top !== base }

    /// The 1-based gzip member of the bytes returned by the last ``read(into:)`` (of the inner layer
    /// for nested gzip); `0` when the input is not gzip.
    public var currentMember: Int { top.compression == .gzip ? memberOfLastRead : 0 }

    /// Raw bytes read from the file so far.
    public var compressedBytesRead: Int64 { base.upstreamBytes }

    /// Reads up to `buffer.count` decompressed bytes; `0` means the end of the input.
    ///
    /// Bytes from one call always come from one gzip member. After an error, later calls return `0`.
    /// - Throws: ``InputError`` for I/O errors, truncated or corrupt compressed data, and trailing junk,
    ///   after returning all bytes decoded before the problem.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        if peekedStart < peeked.count {
            let segment = peekedMembers.first { $0.end > peekedStart }!
            let n = min(buffer.count, segment.end - peekedStart)
            peeked.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + peekedStart, byteCount: n) }
            peekedStart += n
            memberOfLastRead = segment.member
            if peekedStart == peeked.count {
                peeked = []
                peekedStart = 0
                peekedMembers = []
            }
            decompressedBytesRead += Int64(n)
            return n
        }
        if let error = deferredError {
            deferredError = nil
            throw error
        }
        let n = try top.read(into: buffer)
        memberOfLastRead = top.member
        decompressedBytesRead += Int64(n)
        return n
    }

    /// Returns the first up to `count` decompressed bytes not yet read, without consuming them
    /// (for format sniffing). Fewer bytes come back only at the end of the input.
    ///
    /// - Throws: as ``read(into:)`` when the error comes before any byte; an error after some bytes
    ///   (a truncated gzip member) is kept and thrown by the ``read(into:)`` after those bytes.
    public func peek(_ count: Int) throws(InputError) -> [UInt8] {
        while deferredError == nil && peeked.count - peekedStart < count {
            let want = count - (peeked.count - peekedStart)
            let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: want, alignment: 1)
            defer { chunk.deallocate() }
            let n: Int
            do throws(InputError) {
                n = try top.read(into: chunk)
            } catch {
                if peeked.count == peekedStart { throw error }
                deferredError = error
                break
            }
            if n == 0 { break }
            peeked.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[..<n]))
            if let last = peekedMembers.last, last.member == top.member {
                peekedMembers[peekedMembers.count - 1].end = peeked.count
            } else {
                peekedMembers.append((peeked.count, top.member))
            }
        }
        return Array(peeked[peekedStart..<min(peeked.count, peekedStart + count)])
    }
}
