#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A byte string searched for anywhere in a message, with no allocation per search: filter-pattern
/// terms, and the literal prefix and required literal a ``ByteRegex`` skips and rejects with.
///
/// `memchr` finds candidates for the needle's likely rarest byte (capitals and punctuation before
/// lowercase letters, digits and spaces) and `memcmp` checks the whole needle there (Glibc's
/// module does not export `memmem`).
public struct ByteSubstring: Sendable {
    /// The bytes to find.
    public let needle: [UInt8]
    /// The offset in `needle` of the byte `memchr` looks for.
    private let anchor: Int

    /// A search for `needle`.
    public init(needle: [UInt8]) {
        self.needle = needle
        anchor = needle.indices.min { Self.commonness(needle[$0]) < Self.commonness(needle[$1]) } ?? 0
    }

    /// A rough guess at how often `byte` appears in log text (higher: more often).
    private static func commonness(_ byte: UInt8) -> Int {
        switch byte {
        case UInt8(ascii: " "): return 10
        case UInt8(ascii: "e"), UInt8(ascii: "t"), UInt8(ascii: "a"), UInt8(ascii: "o"), UInt8(ascii: "i"),
             UInt8(ascii: "n"), UInt8(ascii: "s"), UInt8(ascii: "r"), UInt8(ascii: "\""), UInt8(ascii: "/"):
            return 9
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "."): return 7
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return 6
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return 3
        default: return 4
        }
    }

    /// Whether `needle` occurs in `haystack[from...]`, and where it ends.
    public func end(in haystack: UnsafeRawBufferPointer, from start: Int = 0) -> Int? {
        if needle.isEmpty { return start }
        guard let base = haystack.baseAddress, haystack.count - start >= needle.count else { return nil }
        return needle.withUnsafeBytes { n -> Int? in
            let anchorByte = Int32(n[anchor])
            // Candidate needle starts run from `start` to `last`; the anchor sits `anchor` later.
            let last = haystack.count - n.count
            var offset = start + anchor
            while offset <= last + anchor {
                guard let hit = memchr(base + offset, anchorByte, last + anchor - offset + 1) else { return nil }
                let at = base.distance(to: UnsafeRawPointer(hit)) - anchor
                if memcmp(base + at, n.baseAddress!, n.count) == 0 { return at + n.count }
                offset = at + anchor + 1
            }
            return nil
        }
    }

    /// Whether `needle` occurs anywhere in `haystack`.
    public func occurs(in haystack: UnsafeRawBufferPointer) -> Bool { end(in: haystack) != nil }
}
