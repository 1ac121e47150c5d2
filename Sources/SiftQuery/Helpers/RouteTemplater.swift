/// Maps request paths to route templates (`/collections/{collection_id}/items/{item_id}`), so
/// endpoints group by route rather than by URL.
///
/// With templates (the `--routes FILE` lines), a path matches a template with the same number of
/// segments whose literal segments are equal; `{name}` matches any non-empty segment. When several
/// match, the one with more literal segments wins, then the one with a literal where the other has a
/// parameter first (`/a/b/{x}` beats `/a/{y}/c`), then the earlier line.
///
/// Without a match the path is auto-templated segment by segment: a segment becomes `{id}` when it
/// is a number, a UUID, a hex string of 8+ characters containing a digit, a token with 3+ digits
/// (`SKU-79436`), or a token of 16+ characters mixing letters and digits (`[A-Za-z0-9_-]`).
///
/// Query strings (`?...`) and fragments (`#...`) are removed first.
///
/// ```swift
/// let routes = RouteTemplater(templates: ["/collections/{collection_id}/items/{item_id}"])
/// routes.template(forPath: "/collections/roads/items/r-1?f=json")   // "/collections/{collection_id}/items/{item_id}"
/// routes.template(forPath: "/orders/12345/lines")                  // "/orders/{id}/lines"
/// ```
public struct RouteTemplater: Sendable {
    private struct Template: Sendable {
        var text: String
        /// `nil` for a `{parameter}` segment.
        var segments: [Substring?]
        var literalCount: Int
    }

    private let templatesBySegmentCount: [Int: [Template]]

    /// Creates a templater from template lines; blank lines and lines starting with `#` are skipped,
    /// surrounding whitespace is trimmed.
    public init(templates: [String]) {
        var byCount: [Int: [Template]] = [:]
        for line in templates {
            let text = line.trimmingASCIIWhitespace()
            guard !text.isEmpty, !text.hasPrefix("#") else { continue }
            let segments: [Substring?] = text.split(separator: "/", omittingEmptySubsequences: false).map {
                $0.hasPrefix("{") && $0.hasSuffix("}") && $0.count >= 2 ? nil : $0
            }
            let literalCount = segments.reduce(0) { $0 + ($1 == nil ? 0 : 1) }
            byCount[segments.count, default: []].append(Template(text: text, segments: segments, literalCount: literalCount))
        }
        templatesBySegmentCount = byCount
    }

    /// The route template of `path` (a path or a full URL path part; query and fragment ignored).
    public func template(forPath path: String) -> String {
        let bare = path.utf8.firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }.map { path[..<$0] } ?? path[...]
        let segments = bare.split(separator: "/", omittingEmptySubsequences: false)
        var best: Template?
        for candidate in templatesBySegmentCount[segments.count] ?? [] where matches(candidate, segments) {
            guard let current = best else { best = candidate; continue }
            if Self.isMoreSpecific(candidate, than: current) { best = candidate }
        }
        if let best { return best.text }
        return segments.map { Self.looksLikeIdentifier($0) ? "{id}" : String($0) }.joined(separator: "/")
    }

    /// Whether `--routes` templates were given; without them every path is auto-templated.
    public var hasTemplates: Bool { !templatesBySegmentCount.isEmpty }

    /// Auto-templates an ASCII `path` into `output` (replacing its contents), on bytes: the
    /// result ``template(forPath:)`` gives when there are no templates.
    ///
    /// - Returns: `false`, leaving `output` unspecified, when `path` has a byte above 0x7F (use
    ///   ``template(forPath:)``, which repairs invalid UTF-8).
    public static func autoTemplate(_ path: UnsafeRawBufferPointer, into output: inout [UInt8]) -> Bool {
        output.removeAll(keepingCapacity: true)
        var end = 0
        while end < path.count, path[end] != UInt8(ascii: "?"), path[end] != UInt8(ascii: "#") {
            if path[end] > 0x7F { return false }
            end += 1
        }
        var start = 0
        while true {
            var stop = start
            while stop < end, path[stop] != UInt8(ascii: "/") { stop += 1 }
            let segment = UnsafeRawBufferPointer(rebasing: path[start..<stop])
            if looksLikeIdentifier(segment) {
                output.append(contentsOf: "{id}".utf8)
            } else {
                output.append(contentsOf: segment)
            }
            guard stop < end else { return true }
            output.append(UInt8(ascii: "/"))
            start = stop + 1
        }
    }

    /// More literal segments, then a literal at the first position where the two differ.
    private static func isMoreSpecific(_ a: Template, than b: Template) -> Bool {
        if a.literalCount != b.literalCount { return a.literalCount > b.literalCount }
        for (x, y) in zip(a.segments, b.segments) where (x == nil) != (y == nil) { return x != nil }
        return false
    }

    private func matches(_ template: Template, _ segments: [Substring]) -> Bool {
        for (t, s) in zip(template.segments, segments) {
            if let t { if t != s { return false } } else if s.isEmpty { return false }
        }
        return true
    }

    /// Whether a path segment looks like an identifier value rather than a route word.
    static func looksLikeIdentifier(_ segment: Substring) -> Bool {
        Array(segment.utf8).withUnsafeBytes { looksLikeIdentifier($0) }
    }

    /// Whether a path segment's bytes look like an identifier value rather than a route word.
    static func looksLikeIdentifier(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard !bytes.isEmpty else { return false }
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        func isHex(_ b: UInt8) -> Bool { isDigit(b) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x66) }
        func isLetter(_ b: UInt8) -> Bool { b | 0x20 >= 0x61 && b | 0x20 <= 0x7A }
        if bytes.allSatisfy(isDigit) { return true }
        if bytes.count == 36 {
            let dashes = [8, 13, 18, 23]
            let isUUID = bytes.indices.allSatisfy { dashes.contains($0) ? bytes[$0] == UInt8(ascii: "-") : isHex(bytes[$0]) }
            if isUUID { return true }
        }
        let hasDigit = bytes.contains(where: isDigit)
        if bytes.count >= 8, hasDigit, bytes.allSatisfy(isHex) { return true }
        // Business keys such as `SKU-79436` or `order_12345`: a token with 3+ digits among letters.
        if bytes.reduce(0, { $0 + (isDigit($1) ? 1 : 0) }) >= 3,
           bytes.allSatisfy({ isDigit($0) || isLetter($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }) {
            return true
        }
        if bytes.count >= 16, hasDigit, bytes.contains(where: isLetter),
           bytes.allSatisfy({ isDigit($0) || isLetter($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }) {
            return true
        }
        return false
    }
}

extension String {
    /// The string without leading and trailing ASCII spaces, tabs and line breaks.
    fileprivate func trimmingASCIIWhitespace() -> String {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        let bytes = Array(utf8)
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}
