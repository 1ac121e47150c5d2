import SiftRegex

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
