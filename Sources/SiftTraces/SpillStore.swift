#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SiftModel

/// Temporary partition files holding spilled spans, partitioned by a hash of the trace id so each
/// trace lives in exactly one partition.
///
/// The directory comes from `mkdtemp` under `$TMPDIR` (or `/tmp`); files and directory are removed
/// when the store is deallocated. Each partition buffers 64 KiB before a `write(2)`; bytes whose
/// write failed stay buffered, so a failed write loses nothing (the caller stops spilling).
final class SpillStore {
    static let partitionCount = 64
    private static let flushThreshold = 64 << 10

    let directory: String
    private var buffers: [[UInt8]]
    private var descriptors: [Int32]
    private(set) var usedPartitions = Set<Int>()

    init() throws(SpillError) {
        let root = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(root)/sift-traces-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard created != nil else { throw .cannotCreateDirectory(path: root, errno: errno) }
        directory = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        buffers = Array(repeating: [], count: Self.partitionCount)
        descriptors = Array(repeating: -1, count: Self.partitionCount)
    }

    deinit {
        for (p, fd) in descriptors.enumerated() {
            if fd >= 0 { close(fd) }
            unlink(path(p))
        }
        rmdir(directory)
    }

    /// The partition of a trace id (FNV-1a, stable across runs and processes).
    static func partition(of traceID: String) -> Int {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in traceID.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return Int(hash % UInt64(partitionCount))
    }

    /// Appends one span to its partition.
    func write(_ span: Span) throws(SpillError) {
        let p = Self.partition(of: span.traceID)
        usedPartitions.insert(p)
        SpanCodec.encode(span, into: &buffers[p])
        if buffers[p].count >= Self.flushThreshold { try flush(p) }
    }

    /// Every span written to partition `p` (file contents plus unflushed bytes).
    func read(_ p: Int) throws(SpillError) -> [Span] {
        guard usedPartitions.contains(p) else { return [] }
        var bytes: [UInt8] = []
        if descriptors[p] >= 0 {
            let fd = open(path(p), O_RDONLY)
            guard fd >= 0 else { throw .io(path: path(p), errno: errno) }
            defer { close(fd) }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw .io(path: path(p), errno: errno)
                }
                if n == 0 { break }
                bytes.append(contentsOf: chunk[0..<n])
            }
        }
        bytes.append(contentsOf: buffers[p])
        return try SpanCodec.decodeAll(bytes)
    }

    private func flush(_ p: Int) throws(SpillError) {
        if descriptors[p] < 0 {
            let fd = open(path(p), O_WRONLY | O_CREAT | O_APPEND, 0o600)
            guard fd >= 0 else { throw .io(path: path(p), errno: errno) }
            descriptors[p] = fd
        }
        var written = 0
        let total = buffers[p].count
        while written < total {
            let n = buffers[p].withUnsafeBytes { Glibc.write(descriptors[p], $0.baseAddress! + written, total - written) }
            if n < 0 {
                if errno == EINTR { continue }
                buffers[p].removeFirst(written)
                throw .io(path: path(p), errno: errno)
            }
            written += n
        }
        buffers[p].removeAll(keepingCapacity: true)
    }

    private func path(_ p: Int) -> String { "\(directory)/p\(p)" }
}
