import SiftBytes

/// OpenTelemetry trace and span ids, and their X-Ray form.
///
/// OTLP/JSON writes ids as hex (32 digits for a trace, 16 for a span; read case-insensitively);
/// early OTLP/JSON (the OTEP-0122 era) wrote them as base64, recognised by their length (24 and
/// 12 characters). A trace id `xxxxxxxxyyyyyyyyyyyyyyyyyyyyyyyy` is the X-Ray trace id
/// `1-xxxxxxxx-yyyyyyyyyyyyyyyyyyyyyyyy` (the rule of the collector's X-Ray exporter), so X-Ray
/// documents and OTel spans of one trace assemble together.
///
/// ```swift
/// OTelID.xrayTraceID("5b8efff798038103d269b633813fc60c")   // "1-5b8efff7-98038103d269b633813fc60c"
/// ```
public enum OTelID {
    /// The X-Ray form of a 32-hex-digit trace id (any case), or `nil` when `id` is not one.
    public static func xrayTraceID(_ id: String) -> String? {
        let utf8 = Array(id.utf8)
        guard utf8.count == 32, utf8.allSatisfy({ hexValue($0) != nil }) else { return nil }
        let lower = String(decoding: utf8.map(lowercased), as: UTF8.self)
        return "1-" + lower.prefix(8) + "-" + lower.dropFirst(8)
    }

    /// The 32-hex-digit OTel form of an X-Ray trace id `1-xxxxxxxx-yyyyyyyyyyyyyyyyyyyyyyyy`, or `nil`.
    public static func otelTraceID(xray id: String) -> String? {
        let parts = id.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "1", parts[1].utf8.count == 8, parts[2].utf8.count == 24 else { return nil }
        let hex = parts[1] + parts[2]
        guard hex.utf8.allSatisfy({ hexValue($0) != nil }) else { return nil }
        return String(decoding: hex.utf8.map(lowercased), as: UTF8.self)
    }

    /// Whether `text` is exactly `digits` lowercase hex digits (the common case: lent as is).
    @inline(__always)
    static func isLowercaseHex(_ text: UnsafeRawBufferPointer, digits: Int) -> Bool {
        guard text.count == digits else { return false }
        for byte in text where !((byte &- UInt8(ascii: "0")) < 10 || (byte &- UInt8(ascii: "a")) < 6) { return false }
        return true
    }

    /// Appends the lowercase hex of an id of `byteCount` bytes written as hex (any case) or
    /// base64; `false` (nothing appended) when it is neither.
    static func appendHex(
        _ text: UnsafeRawBufferPointer, byteCount: Int, to scratch: inout OTelScratch, _ decoded: inout [UInt8]
    ) -> Bool {
        if text.count == byteCount * 2 {
            for byte in text where hexValue(byte) == nil { return false }
            scratch.reserve(text.count)
            for byte in text { scratch.append(lowercased(byte)) }
            return true
        }
        // base64: 4 characters per 3 bytes, padded.
        guard text.count == (byteCount + 2) / 3 * 4, Base64.decode(text, into: &decoded) == nil, decoded.count == byteCount else {
            return false
        }
        for byte in decoded {
            scratch.append(OTelScratch.hexDigit(byte >> 4))
            scratch.append(OTelScratch.hexDigit(byte & 0xF))
        }
        return true
    }

    /// Whether every byte of `text` is `0` (an all-zero id is invalid).
    static func isAllZeros(_ text: UnsafeRawBufferPointer) -> Bool {
        for byte in text where byte != UInt8(ascii: "0") { return false }
        return true
    }

    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        (byte &- UInt8(ascii: "A")) < 26 ? byte | 0x20 : byte
    }
}
