import CZlib

/// The outcome of one ``Inflater/inflate(_:into:)`` call.
public struct InflateResult: Sendable, Equatable {
    /// Input bytes consumed.
    public var consumed: Int
    /// Output bytes written.
    public var produced: Int
    /// Whether the end of the current gzip member or zlib stream was reached.
    public var streamEnded: Bool
    /// A backend error code (zlib's negative codes, or `Z_NEED_DICT`); `nil` when all is well.
    public var errorCode: Int32?

    /// Creates a result.
    public init(consumed: Int, produced: Int, streamEnded: Bool, errorCode: Int32? = nil) {
        self.consumed = consumed
        self.produced = produced
        self.streamEnded = streamEnded
        self.errorCode = errorCode
    }
}

/// A DEFLATE decoder behind a small interface, so a faster backend (libdeflate, zlib-ng, ISA-L)
/// can be added without touching ``ByteReader`` or any caller.
///
/// The reader calls ``reset(for:)`` at the start of every gzip member or zlib stream, then
/// ``inflate(_:into:)`` until the result says `streamEnded`. Implementations keep their state
/// between calls (input may be split anywhere) and report errors as codes, never by trapping.
///
/// ```swift
/// let inflater = ZlibInflater()
/// inflater.reset(for: .gzip)
/// let result = inflater.inflate(compressed, into: output)
/// ```
public protocol Inflater: AnyObject {
    /// Prepares to decode a new gzip member (`.gzip`) or zlib stream (`.zlib`).
    func reset(for format: Compression)
    /// Decodes from `input` into `output`.
    ///
    /// - Returns: how much was consumed and produced, whether the stream ended, and any error code.
    func inflate(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> InflateResult
}

/// The system zlib behind ``Inflater``: one `z_stream`, reused across members with `inflateReset2`.
///
/// Owns its `z_stream` (at a stable heap address, as zlib requires) and calls `inflateEnd` in `deinit`.
/// Window bits are 15 + 16 for gzip (header and CRC checked by zlib) and 15 for zlib streams.
public final class ZlibInflater: Inflater {
    private let stream: UnsafeMutablePointer<z_stream>
    private var initialized = false

    /// Creates an inflater; zlib state is allocated on the first ``reset(for:)``.
    public init() {
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
    }

    deinit {
        if initialized { inflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Prepares for a new gzip member or zlib stream.
    public func reset(for format: Compression) {
        let windowBits: Int32 = format == .zlib ? 15 : 15 + 16
        if initialized {
            _ = inflateReset2(stream, windowBits)
        } else {
            stream.pointee.zalloc = nil
            stream.pointee.zfree = nil
            stream.pointee.opaque = nil
            stream.pointee.next_in = nil
            stream.pointee.avail_in = 0
            // Only fails on out-of-memory or a library mismatch; inflate then reports Z_STREAM_ERROR.
            initialized = sift_inflateInit2(stream, windowBits) == Z_OK
        }
    }

    /// Decodes as much as fits; see ``Inflater/inflate(_:into:)``.
    public func inflate(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> InflateResult {
        guard initialized else {
            return InflateResult(consumed: 0, produced: 0, streamEnded: false, errorCode: Z_STREAM_ERROR)
        }
        // zlib counts in UInt32; cap the chunk sizes so huge buffers stay correct.
        let inCount = min(input.count, Int(UInt32.max))
        let outCount = min(output.count, Int(UInt32.max))
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = UInt32(inCount)
        stream.pointee.next_out = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = UInt32(outCount)
        let code = CZlib.inflate(stream, Z_NO_FLUSH)
        let consumed = inCount - Int(stream.pointee.avail_in)
        let produced = outCount - Int(stream.pointee.avail_out)
        stream.pointee.next_in = nil
        stream.pointee.next_out = nil
        switch code {
        case Z_OK, Z_BUF_ERROR:  // Z_BUF_ERROR = no progress possible now: needs input or output, not fatal.
            return InflateResult(consumed: consumed, produced: produced, streamEnded: false)
        case Z_STREAM_END:
            return InflateResult(consumed: consumed, produced: produced, streamEnded: true)
        default:
            return InflateResult(consumed: consumed, produced: produced, streamEnded: false, errorCode: code)
        }
    }
}
