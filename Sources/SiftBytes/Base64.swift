/// Standard base64 (RFC 4648 §4) decoding over bytes, for the `data` strings of Lambda, Kinesis
/// and Firehose envelopes.
///
/// Lenient where envelopes are: whitespace and line breaks are skipped, padding is optional, and
/// the URL-safe alphabet (`-`, `_`) is accepted too. Any other byte is an error.
///
/// ```swift
/// var out: [UInt8] = []
/// let ok = Base64.decode(encodedBytes, into: &out)   // out holds the gzip payload
/// ```
public enum Base64 {
    /// 0...63 for alphabet bytes, 64 for skipped whitespace, 65 for `=`, 255 for invalid bytes.
    private static let table: [UInt8] = {
        var table = [UInt8](repeating: 255, count: 256)
        for (i, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(c)] = UInt8(i)
        }
        table[Int(UInt8(ascii: "-"))] = 62
        table[Int(UInt8(ascii: "_"))] = 63
        for c in [0x20, 0x0A, 0x0D, 0x09] as [UInt8] { table[Int(c)] = 64 }
        table[Int(UInt8(ascii: "="))] = 65
        return table
    }()

    /// Decodes `encoded`, replacing the contents of `out` (its capacity is reused).
    ///
    /// - Returns: the offset of the first invalid byte, or `nil` when all went well.
    /// - Complexity: O(n), one table lookup per byte.
    @discardableResult
    public static func decode(_ encoded: UnsafeRawBufferPointer, into out: inout [UInt8]) -> Int? {
        out.removeAll(keepingCapacity: true)
        out.reserveCapacity(encoded.count / 4 * 3 + 3)
        var accumulator: UInt32 = 0
        var bits = 0
        var sawPadding = false
        return table.withUnsafeBufferPointer { table -> Int? in
            for (offset, byte) in encoded.enumerated() {
                let value = table[Int(byte)]
                if value < 64 {
                    if sawPadding { return offset }
                    accumulator = accumulator << 6 | UInt32(value)
                    bits += 6
                    if bits >= 8 {
                        bits -= 8
                        out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                    }
                } else if value == 65 {
                    sawPadding = true
                } else if value != 64 {
                    return offset
                }
            }
            return nil
        }
    }
}
