/// A source of decompressed bytes that framers pull from: ``ByteReader`` and ``PipelinedByteReader``.
///
/// Small on purpose (as ripgrep's `Read` boundary): framers call ``read(into:)`` once per buffer
/// refill (about once per MiB), so using it through `any ByteStream` costs nothing measurable.
///
/// Contract: `read(into:)` returns the number of bytes written, `0` only at the end of the input
/// (after the end it keeps returning `0`). All bytes returned by one call come from the same gzip
/// member, and ``currentMember`` names it until the next call. Errors are thrown only after every
/// decodable byte before them was returned.
public protocol ByteStream: AnyObject {
    /// The input being read.
    var source: InputSource { get }
    /// The 1-based gzip member of the bytes returned by the last ``read(into:)``; `0` when the input is not gzip.
    var currentMember: Int { get }
    /// Reads up to `buffer.count` decompressed bytes into `buffer`.
    ///
    /// - Returns: the number of bytes written; `0` at the end of the input.
    /// - Throws: ``InputError`` for I/O and decompression failures, after delivering the good bytes.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int
}
