#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A byte string searched for anywhere in a message, with no allocation per search.
///
/// `memchr` finds candidates for the first byte and `memcmp` checks the rest (Glibc's module
/// does not export `memmem`).
struct ByteSubstring: Sendable {
    /// The bytes to find.
    let needle: [UInt8]

    /// Whether `needle` occurs in `haystack[from...]`, and where it ends.
    func end(in haystack: UnsafeRawBufferPointer, from start: Int = 0) -> Int? {
        if needle.isEmpty { return start }
        guard let base = haystack.baseAddress, haystack.count - start >= needle.count else { return nil }
        return needle.withUnsafeBytes { n -> Int? in
            let first = Int32(n[0])
            let rest = n.count - 1
            let last = haystack.count - n.count  // last possible start offset
            var offset = start
            while offset <= last {
                guard let hit = memchr(base + offset, first, last - offset + 1) else { return nil }
                let at = base.distance(to: UnsafeRawPointer(hit))
                if rest == 0 || memcmp(base + at + 1, n.baseAddress! + 1, rest) == 0 { return at + n.count }
                offset = at + 1
            }
            return nil
        }
    }

    /// Whether `needle` occurs anywhere in `haystack`.
    func occurs(in haystack: UnsafeRawBufferPointer) -> Bool { end(in: haystack) != nil }
}

/// A value with `*` wildcards (each matching any run of bytes, including none) compared with a
/// whole field or string value; without a `*` it is an exact comparison.
struct WildcardText: Sendable {
    /// The text between the `*`s; one segment when there is no wildcard.
    let segments: [ByteSubstring]

    /// Splits `text` at each `*`.
    init(_ text: [UInt8]) {
        segments = text.split(separator: UInt8(ascii: "*"), omittingEmptySubsequences: false).map { ByteSubstring(needle: Array($0)) }
    }

    /// Whether the pattern has at least one `*`.
    var hasWildcard: Bool { segments.count > 1 }

    /// Whether the whole of `value` matches.
    func matches(_ value: UnsafeRawBufferPointer) -> Bool {
        let first = segments[0].needle
        guard segments.count > 1 else { return value.elementsEqual(first) }
        let last = segments[segments.count - 1].needle
        guard value.count >= first.count + last.count,
              value.prefix(first.count).elementsEqual(first),
              value.suffix(last.count).elementsEqual(last) else { return false }
        // Middle segments in order, each as early as possible, within the part between the ends.
        let middleEnd = value.count - last.count
        var position = first.count
        for segment in segments.dropFirst().dropLast() {
            guard let end = segment.end(in: UnsafeRawBufferPointer(rebasing: value[..<middleEnd]), from: position) else { return false }
            position = end
        }
        return true
    }

    /// Whether the whole of `value` matches.
    func matches(_ value: [UInt8]) -> Bool { value.withUnsafeBytes { matches($0) } }
}
