import SiftRegex

/// An unstructured pattern: terms, `"quoted phrases"`, `?alternatives`, `-exclusions` and
/// `%regex%` terms, matched anywhere in the message.
///
/// - Plain terms and phrases must all appear (AND), case-sensitively, as byte substrings (a term
///   matches inside a longer word: `ERROR` matches `ERRORS`; CloudWatch documents "contains").
/// - `?term` terms: at least one of them must appear (OR), in addition to the plain terms.
/// - `-term` terms: none may appear.
/// - `%regex%` is a term like the others and may be prefixed with `?` or `-`.
/// - Unquoted terms run to the next space. CloudWatch asks that terms with characters other than
///   letters, digits and `_` be quoted; sift accepts them unquoted too (`GET/x` is the term
///   `GET/x`), except that a term cannot begin with `"`, `{`, `[` or `%`.
struct TermPattern: Sendable {
    /// What one term looks for.
    enum Matcher: Sendable {
        case substring(ByteSubstring)
        case regex(ByteRegex)

        func occurs(in message: UnsafeRawBufferPointer) -> Bool {
            switch self {
            case .substring(let s): return s.occurs(in: message)
            case .regex(let r): return r.matches(message)
            }
        }
    }

    /// Terms that must all occur.
    private(set) var required: [Matcher] = []
    /// Terms of which one must occur (ignored when empty).
    private(set) var alternatives: [Matcher] = []
    /// Terms that must not occur.
    private(set) var excluded: [Matcher] = []

    /// Parses the whole of `cursor`'s remaining text.
    init(parsing cursor: inout PatternCursor) throws(FilterPatternError) {
        while true {
            cursor.skipSpaces()
            guard let b = cursor.peek else { break }
            var prefix: UInt8?
            if b == UInt8(ascii: "?") || b == UInt8(ascii: "-") {
                prefix = b
                cursor.position += 1
                guard let next = cursor.peek, !next.isPatternSpace else {
                    throw cursor.error("expected a term after '\(UnicodeScalar(b))'")
                }
            }
            let matcher = try Self.parseTerm(&cursor)
            switch prefix {
            case UInt8(ascii: "?"): alternatives.append(matcher)
            case UInt8(ascii: "-"): excluded.append(matcher)
            default: required.append(matcher)
            }
        }
    }

    /// One term at the cursor: a phrase, a regex or a bare word.
    private static func parseTerm(_ cursor: inout PatternCursor) throws(FilterPatternError) -> Matcher {
        let start = cursor.position
        switch cursor.peek {
        case UInt8(ascii: "\""):
            return .substring(ByteSubstring(needle: try cursor.readQuoted()))
        case UInt8(ascii: "%"):
            var end = start + 1
            while end < cursor.bytes.count, cursor.bytes[end] != UInt8(ascii: "%") {
                end += cursor.bytes[end] == UInt8(ascii: "\\") ? 2 : 1
            }
            guard end < cursor.bytes.count else {
                throw cursor.error("expected a closing '%' for the regular expression opened here", at: start)
            }
            guard end > start + 1 else { throw cursor.error("expected a regular expression between '%' and '%'", at: start) }
            var inner = cursor
            inner.position = start + 1
            let regex = try ByteRegex(filterPattern: inner, end: end)
            cursor.position = end + 1
            return .regex(regex)
        case UInt8(ascii: "{"):
            throw cursor.error("a JSON pattern '{ … }' must be the whole filter pattern")
        case UInt8(ascii: "["):
            throw cursor.error("a space-delimited pattern '[ … ]' must be the whole filter pattern")
        default:
            while let b = cursor.peek, !b.isPatternSpace { cursor.position += 1 }
            return .substring(ByteSubstring(needle: Array(cursor.bytes[start..<cursor.position])))
        }
    }

    /// Whether `message` satisfies every term.
    func matches(_ message: UnsafeRawBufferPointer) -> Bool {
        for term in required where !term.occurs(in: message) { return false }
        for term in excluded where term.occurs(in: message) { return false }
        if alternatives.isEmpty { return true }
        for term in alternatives where term.occurs(in: message) { return true }
        return false
    }
}
