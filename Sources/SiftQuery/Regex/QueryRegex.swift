import SiftRegex

/// A query regex, for `like /re/`, `=~` and `parse /re/`: SiftRegex's linear-time engine in its
/// query dialect, with the query's error wording.
///
/// Supports literals and escapes, `.`, classes `[a-z]`/`[^...]`, `\d \w \s \D \W \S \b \B`,
/// anchors `^ $`, groups `( )`, named groups `(?<name> )`, non-capturing `(?: )`, `(?i)` and
/// `(?i: )`, alternation, and greedy or lazy `* + ? {m} {m,} {m,n}` (bounds up to 1000). Classes
/// and `.` work on bytes, so a non-ASCII character is several bytes (documented in the README).
/// No look-around or back-references. Matching is unanchored unless the pattern uses `^`.
public struct QueryRegex: Sendable {
    /// An error in a regex, with the byte offset in the pattern.
    public struct SyntaxError: Error, Sendable, Equatable {
        /// Byte offset in the pattern.
        public var offset: Int
        /// What was expected.
        public var expected: String
        /// What was found.
        public var found: String
    }

    let regex: ByteRegex

    /// The number of capturing groups.
    public var groupCount: Int { regex.captureCount }
    /// Named groups in order of appearance: name and capture index (1-based).
    public var namedGroups: [(name: String, index: Int)] { regex.namedGroups }

    /// Compiles `pattern`.
    public init(_ pattern: String, caseInsensitive: Bool = false) throws(SyntaxError) {
        let bytes = Array(pattern.utf8)
        do {
            regex = try ByteRegex(bytes, syntax: .query, caseInsensitive: caseInsensitive)
        } catch {
            throw SyntaxError(offset: error.offset, expected: Self.expected(error.problem), found: Self.found(bytes, at: error.offset))
        }
    }

    /// Whether the regex matches anywhere in `text`.
    public func matches(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { regex.matches(UnsafeRawBufferPointer($0)) }
    }

    /// The first match in `bytes`: index 0 is the whole match, then each group (`nil` when it did not take part).
    public func firstMatch(_ bytes: [UInt8]) -> [Range<Int>?]? {
        bytes.withUnsafeBytes { regex.firstMatch(in: $0) }
    }

    /// Named captures of the first match in `text`, by group name.
    public func namedCaptures(_ text: String) -> [String: String]? {
        let bytes = Array(text.utf8)
        guard let captures = firstMatch(bytes) else { return nil }
        var out: [String: String] = [:]
        for (name, index) in namedGroups {
            if let range = captures[index] { out[name] = String(decoding: bytes[range], as: UTF8.self) }
        }
        return out
    }

    /// What the query reports as expected, for `problem`.
    private static func expected(_ problem: ByteRegex.SyntaxError.Problem) -> String {
        switch problem {
        case .unclosedGroup: return "')' to close the group"
        case .unbalancedParenthesis: return "the end of the regex (unbalanced ')')"
        case .nothingToRepeat: return "something to repeat before the quantifier"
        case .unclosedClass: return "']' to close the character class"
        case .rangeOutOfOrder: return "a range with its low end first"
        case .badRangeEnd: return "one character at the end of the range"
        case .backreference: return "no back-reference (they are not supported)"
        case .unsupportedGroup: return "'?:', '?<name>', '?i' or '?i:' (look-around is not supported)"
        case .badGroupName: return "a group name (letters, digits, '_') and '>'"
        case .boundsOutOfOrder: return "repeat bounds with the smaller first"
        case .repeatTooLarge(let limit): return "a repeat count of at most \(limit)"
        case .programTooLarge(let limit): return "a smaller regex (repetition expands past \(limit) instructions)"
        case .nestingTooDeep(let limit): return "groups and quantifiers nested at most \(limit) deep"
        case .danglingEscape: return "a character after '\\'"
        case .unknownEscape: return "a known escape (\\d \\w \\s \\b, their capitals, \\t \\n \\r, or punctuation)"
        }
    }

    /// The character at `offset` in `pattern`, quoted, or "end of regex".
    private static func found(_ pattern: [UInt8], at offset: Int) -> String {
        guard offset < pattern.count else { return "end of regex" }
        let lead = pattern[offset]
        let length = lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        return "'\(String(decoding: pattern[offset..<min(pattern.count, offset + length)], as: UTF8.self))'"
    }
}
