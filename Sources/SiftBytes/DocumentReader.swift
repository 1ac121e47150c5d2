/// Reads a whole input into memory, for single JSON documents (`filter-log-events` output,
/// `BatchGetTraces` responses, a JSON array) that a scanner then walks.
///
/// Memory: the whole decompressed document is held at once (plus up to 2× while the array grows),
/// so it is bounded by `limit` (default 1 GiB). Prefer ``LineFramer`` or ``JSONValueFramer`` when
/// the input is a sequence of records.
///
/// ```swift
/// let document = try DocumentReader.readAll(try ByteReader(.file("events.json")))
/// ```
public enum DocumentReader {
    /// The default limit: 1 GiB.
    public static let defaultLimit = 1 << 30

    /// Reads every decompressed byte of `stream`.
    ///
    /// - Parameters:
    ///   - stream: the input, read to its end.
    ///   - limit: the largest accepted document in bytes.
    /// - Returns: the document's bytes.
    /// - Throws: ``InputError`` `.documentTooLarge(limit:)` (located at the limit) or the stream's errors.
    public static func readAll(_ stream: some ByteStream, limit: Int = defaultLimit) throws(InputError) -> [UInt8] {
        var document: [UInt8] = []
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { chunk.deallocate() }
        while true {
            let n = try stream.read(into: chunk)
            if n == 0 { return document }
            if document.count + n > limit {
                throw InputError(
                    .documentTooLarge(limit: limit),
                    location: .init(
                        source: stream.source.name,
                        byteOffset: Int64(limit),
                        member: stream.currentMember > 0 ? stream.currentMember : nil
                    )
                )
            }
            document.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[..<n]))
        }
    }
}
