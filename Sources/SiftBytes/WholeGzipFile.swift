#if SIFT_LIBDEFLATE
import CLibdeflate
#endif
import Glibc
import SiftModel

/// A small gzip file decoded whole by libdeflate: the fast path when it is available.
///
/// libdeflate inflates and checks CRCs several times faster than zlib, but only whole buffers.
/// So a regular gzip file of at most `maxCompressedBytes` is read at once and decoded member by
/// member (each member is one `libdeflate_gzip_decompress_ex` call) into one output buffer of at
/// most `maxDecompressedBytes`. Anything else, and any file libdeflate rejects (truncated,
/// corrupt, trailing junk), yields `nil`, and the caller streams the file with zlib
/// (``ByteReader``), whose errors name the member and offset and come after every good byte.
/// Memory per input is the compressed file plus its decoded bytes, both bounded by the limits.
public final class WholeGzipFile: CountingByteStream {
    /// The input.
    public let source: InputSource
    /// Always `.gzip`.
    public var compression: Compression { .gzip }
    /// The size of the file.
    public let compressedBytesRead: Int64
    /// Decompressed bytes handed out by ``read(into:)``.
    public private(set) var decompressedBytesRead: Int64 = 0
    /// The 1-based gzip member of the bytes returned by the last ``read(into:)``.
    public private(set) var currentMember = 0

    private let output: UnsafeMutableRawBufferPointer
    private let count: Int
    /// Where each member's decoded bytes end, in order.
    private let memberEnds: [Int]
    private var position = 0
    private var memberIndex = 0

    /// Whether this build has the libdeflate backend.
    public static var isAvailable: Bool {
        #if SIFT_LIBDEFLATE
        return true
        #else
        return false
        #endif
    }

    private init(source: InputSource, output: UnsafeMutableRawBufferPointer, count: Int, memberEnds: [Int], compressedBytes: Int64) {
        self.source = source
        self.output = output
        self.count = count
        self.memberEnds = memberEnds
        self.compressedBytesRead = compressedBytes
    }

    deinit { output.deallocate() }

    /// Decodes `path` whole, or returns `nil` when the fast path does not apply (no libdeflate,
    /// not a regular gzip file, over a limit, or data libdeflate rejects).
    public static func decode(path: String, maxCompressedBytes: Int = 32 << 20, maxDecompressedBytes: Int = 96 << 20) -> WholeGzipFile? {
        #if SIFT_LIBDEFLATE
        guard let input = readSmallFile(path, limit: maxCompressedBytes) else { return nil }
        defer { input.deallocate() }
        guard input.count >= 18, input[0] == 0x1F, input[1] == 0x8B else { return nil }
        guard let decompressor = libdeflate_alloc_decompressor() else { return nil }
        defer { libdeflate_free_decompressor(decompressor) }
        // The last member's ISIZE (size mod 2^32) is a good first guess for one-member files.
        let isize = Int(input.loadUnaligned(fromByteOffset: input.count - 4, as: UInt32.self).littleEndian)
        var capacity = min(maxDecompressedBytes, max(1 << 16, isize + 1, input.count * 4))
        var output = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
        var produced = 0
        var consumed = 0
        var memberEnds: [Int] = []
        while consumed < input.count {
            var used = 0
            var written = 0
            let result = libdeflate_gzip_decompress_ex(
                decompressor, input.baseAddress! + consumed, input.count - consumed, output.baseAddress! + produced,
                capacity - produced, &used, &written)
            if result == LIBDEFLATE_INSUFFICIENT_SPACE {
                guard capacity < maxDecompressedBytes else { output.deallocate(); return nil }
                capacity = min(maxDecompressedBytes, capacity * 2)
                let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
                bigger.baseAddress!.copyMemory(from: output.baseAddress!, byteCount: produced)
                output.deallocate()
                output = bigger
                continue
            }
            guard result == LIBDEFLATE_SUCCESS else {
                output.deallocate()
                return nil
            }
            consumed += used
            produced += written
            memberEnds.append(produced)
            // Anything after a member must be another member; junk goes to the precise zlib path.
            if consumed < input.count, !(input.count - consumed >= 2 && input[consumed] == 0x1F && input[consumed + 1] == 0x8B) {
                output.deallocate()
                return nil
            }
        }
        // A nested gzip layer is the streaming reader's business.
        if produced >= 2 && output[0] == 0x1F && output[1] == 0x8B {
            output.deallocate()
            return nil
        }
        return WholeGzipFile(source: .file(path), output: output, count: produced, memberEnds: memberEnds, compressedBytes: Int64(input.count))
        #else
        return nil
        #endif
    }

    /// The first up to `count` decompressed bytes, without consuming them.
    public func peek(_ count: Int) throws(InputError) -> [UInt8] {
        let end = min(self.count, position + count)
        return Array(UnsafeRawBufferPointer(rebasing: output[position..<end]))
    }

    /// Copies up to `buffer.count` decoded bytes, never crossing a member boundary; `0` at the end.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        guard position < count else { return 0 }
        while memberEnds[memberIndex] <= position { memberIndex += 1 }
        let n = min(buffer.count, memberEnds[memberIndex] - position)
        buffer.baseAddress!.copyMemory(from: output.baseAddress! + position, byteCount: n)
        position += n
        currentMember = memberIndex + 1
        decompressedBytesRead += Int64(n)
        return n
    }

    /// Lends every decoded byte not read yet, so a framer can use them in place instead of
    /// copying them out with ``read(into:)``; the stream then reads as ended.
    ///
    /// - Returns: The bytes (valid while this object lives; the borrower may write into them),
    ///   their decompressed offset, and where each gzip member starts within them; `nil` when
    ///   nothing is left.
    func lendRemainingBytes() -> (bytes: UnsafeMutableRawBufferPointer, offset: Int64, memberStarts: [(offset: Int, member: Int)])? {
        guard position < count else { return nil }
        let start = position
        var memberStarts: [(offset: Int, member: Int)] = []
        for (index, end) in memberEnds.enumerated() where end > start {
            let memberStart = index == 0 ? 0 : memberEnds[index - 1]
            memberStarts.append((max(memberStart, start) - start, index + 1))
        }
        position = count
        memberIndex = memberEnds.count - 1
        currentMember = memberEnds.count
        decompressedBytesRead += Int64(count - start)
        return (UnsafeMutableRawBufferPointer(rebasing: output[start..<count]), Int64(start), memberStarts)
    }

    /// The whole file when it is a regular file of at most `limit` bytes.
    private static func readSmallFile(_ path: String, limit: Int) -> UnsafeMutableRawBufferPointer? {
        var opened: Int32
        repeat { opened = open(path, O_RDONLY | O_CLOEXEC) } while opened < 0 && errno == EINTR
        guard opened >= 0 else { return nil }
        defer { close(opened) }
        var info = stat()
        guard fstat(opened, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0, info.st_size <= limit else { return nil }
        let size = Int(info.st_size)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
        var filled = 0
        while filled < size {
            let n = Glibc.read(opened, buffer.baseAddress! + filled, size - filled)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                buffer.deallocate()
                return nil
            }
            filled += n
        }
        return buffer
    }
}
