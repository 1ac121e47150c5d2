/// A decompressed input that also counts what it read, for `--stats` and `sift detect`.
public protocol CountingByteStream: ByteStream {
    /// The compression of the input as stored.
    var compression: Compression { get }
    /// Raw bytes read from the file so far.
    var compressedBytesRead: Int64 { get }
    /// Decompressed bytes handed out so far.
    var decompressedBytesRead: Int64 { get }
    /// The first up to `count` decompressed bytes, without consuming them.
    func peek(_ count: Int) throws(InputError) -> [UInt8]
}

extension ByteReader: CountingByteStream {}
