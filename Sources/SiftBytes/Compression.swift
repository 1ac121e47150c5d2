/// How an input's bytes are compressed, detected from its first bytes, never from its name.
public enum Compression: String, Sendable, Equatable, CaseIterable {
    /// Plain bytes.
    case none
    /// gzip (RFC 1952), possibly several members back to back.
    case gzip
    /// A zlib stream (RFC 1950).
    case zlib
    /// Zstandard frames (decoded with the `Zstd` trait, else detected and reported).
    case zstd

    /// Detects the compression from the first bytes of an input.
    ///
    /// - Parameter prefix: at least the first 4 bytes when the input has them.
    /// - Returns: `.gzip` for `1f 8b`, `.zstd` for `28 b5 2f fd`, `.zlib` for a valid zlib header
    ///   (`78 01/5e/9c/da`, checked with the FCHECK rule), else `.none`.
    public static func detect(_ prefix: UnsafeRawBufferPointer) -> Compression {
        guard prefix.count >= 2 else { return .none }
        let b0 = prefix[0], b1 = prefix[1]
        if b0 == 0x1F && b1 == 0x8B { return .gzip }
        if prefix.count >= 4 && b0 == 0x28 && b1 == 0xB5 && prefix[2] == 0x2F && prefix[3] == 0xFD { return .zstd }
        // zlib: CM = 8 (deflate), CINFO <= 7, and (CMF*256 + FLG) % 31 == 0, without a preset dictionary.
        if b0 & 0x0F == 8 && b0 >> 4 <= 7 && (UInt16(b0) << 8 | UInt16(b1)) % 31 == 0 && b1 & 0x20 == 0 {
            return .zlib
        }
        return .none
    }
}
