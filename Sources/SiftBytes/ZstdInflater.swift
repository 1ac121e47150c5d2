#if SIFT_ZSTD
import CZstd
#endif

/// Whether this build decodes zstd (the `Zstd` package trait, libzstd); without it zstd inputs
/// are detected and reported as ``InputError/Kind/unsupportedCompression(_:)``.
public enum Zstd {
    #if SIFT_ZSTD
    public static let isAvailable = true
    #else
    public static let isAvailable = false
    #endif

    /// Whether `bytes` start a zstd frame (`28 b5 2f fd`) or a skippable frame (`5? 2a 4d 18`).
    static func startsFrame(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count >= 4 else { return false }
        if bytes[0] == 0x28 && bytes[1] == 0xB5 && bytes[2] == 0x2F && bytes[3] == 0xFD { return true }
        return bytes[0] & 0xF0 == 0x50 && bytes[1] == 0x2A && bytes[2] == 0x4D && bytes[3] == 0x18
    }
}

#if SIFT_ZSTD
/// libzstd's streaming decoder behind ``Inflater``: one `ZSTD_DStream` per input, reset at every
/// frame (frames back to back are members, as gzip members are).
///
/// Error codes are libzstd's `ZSTD_ErrorCode` values (`ZSTD_getErrorName` names them).
public final class ZstdInflater: Inflater {
    private let stream: OpaquePointer?

    /// Creates a decoder (`ZSTD_createDStream`).
    public init() {
        stream = ZSTD_createDStream()
        if let stream { ZSTD_initDStream(stream) }
    }

    deinit {
        if let stream { ZSTD_freeDStream(stream) }
    }

    /// Prepares for a new frame.
    public func reset(for format: Compression) {
        if let stream { ZSTD_DCtx_reset(stream, ZSTD_reset_session_only) }
    }

    /// Decodes as much as fits; `streamEnded` when a frame is complete.
    public func inflate(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> InflateResult {
        guard let stream else { return InflateResult(consumed: 0, produced: 0, streamEnded: false, errorCode: -1) }
        var inBuffer = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        var outBuffer = ZSTD_outBuffer(dst: output.baseAddress, size: output.count, pos: 0)
        let code = ZSTD_decompressStream(stream, &outBuffer, &inBuffer)
        if ZSTD_isError(code) != 0 {
            return InflateResult(
                consumed: inBuffer.pos, produced: outBuffer.pos, streamEnded: false,
                errorCode: Int32(truncatingIfNeeded: ZSTD_getErrorCode(code).rawValue))
        }
        // 0: a frame is complete and fully flushed.
        return InflateResult(consumed: inBuffer.pos, produced: outBuffer.pos, streamEnded: code == 0)
    }
}
#endif
