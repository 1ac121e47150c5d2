/// Inflates a whole in-memory gzip (one or more members) or zlib payload into a reusable buffer.
///
/// Subscription payloads arrive as base64 inside JSON envelopes (Lambda `awslogs.data`, Kinesis
/// `data`, Firehose transformation `records[].data`), so they are small and already in memory;
/// this reuses one ``Inflater`` and one output array across payloads instead of a file-backed
/// ``ByteReader``.
///
/// ```swift
/// var inflater = BufferInflater()
/// var json: [UInt8] = []
/// if let problem = inflater.inflate(compressedBytes, into: &json) { report(problem) }
/// ```
public struct BufferInflater {
    private let inflater: Inflater
    /// The largest accepted output; protects against decompression bombs.
    public let maxOutputBytes: Int

    /// Creates an inflater.
    /// - Parameters:
    ///   - inflater: the DEFLATE backend (default ``ZlibInflater``).
    ///   - maxOutputBytes: the largest accepted output (default 256 MiB).
    public init(_ inflater: Inflater = ZlibInflater(), maxOutputBytes: Int = 256 << 20) {
        self.inflater = inflater
        self.maxOutputBytes = maxOutputBytes
    }

    /// Inflates `compressed`, detecting gzip or zlib from its first bytes, replacing `out`'s contents.
    ///
    /// gzip members back to back are all decoded; bytes after the last member that do not start
    /// another member are an error. Whatever was decoded before an error stays in `out`.
    ///
    /// - Returns: `nil` on success, else what went wrong (`.truncatedGzip`, `.corruptGzip`,
    ///   `.trailingData`, `.documentTooLarge`, or `.unsupportedCompression(.none)` when the bytes
    ///   are neither gzip nor zlib).
    public func inflate(_ compressed: UnsafeRawBufferPointer, into out: inout [UInt8]) -> InputError.Kind? {
        out.removeAll(keepingCapacity: true)
        let format = Compression.detect(compressed)
        guard format == .gzip || format == .zlib else { return .unsupportedCompression(format) }
        var used = 0
        var consumed = 0
        out.append(contentsOf: repeatElement(0, count: max(out.capacity, min(compressed.count * 4 + 1024, maxOutputBytes))))
        var problem: InputError.Kind?
        outer: while consumed < compressed.count {
            if consumed > 0 {
                guard format == .gzip, compressed.count - consumed >= 2, compressed[consumed] == 0x1F,
                    compressed[consumed + 1] == 0x8B
                else {
                    problem = .trailingData
                    break
                }
            }
            inflater.reset(for: format)
            while true {
                if used == out.count {
                    guard out.count < maxOutputBytes else {
                        problem = .documentTooLarge(limit: maxOutputBytes)
                        break outer
                    }
                    out.append(contentsOf: repeatElement(0, count: min(out.count, maxOutputBytes - out.count)))
                }
                let input = UnsafeRawBufferPointer(rebasing: compressed[consumed...])
                let result = out.withUnsafeMutableBytes {
                    inflater.inflate(input, into: UnsafeMutableRawBufferPointer(rebasing: $0[used...]))
                }
                consumed += result.consumed
                used += result.produced
                if let code = result.errorCode {
                    problem = .corruptGzip(zlibCode: code)
                    break outer
                }
                if result.streamEnded { break }
                if result.consumed == 0 && result.produced == 0 && used < out.count {
                    problem = .truncatedGzip
                    break outer
                }
            }
            if format == .zlib { if consumed < compressed.count { problem = .trailingData }; break }
        }
        out.removeSubrange(used...)
        return problem
    }
}
