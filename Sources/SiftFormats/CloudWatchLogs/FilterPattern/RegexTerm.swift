import SiftRegex

/// A `%regex%` term, compiled by SiftRegex in its filter-pattern dialect: the subset of regular
/// expressions CloudWatch Logs accepts in filter patterns.
///
/// Supported: literals, `.`, `[a-z]`/`[^…]` classes, `\d \w \s \D \W \S` (also inside classes),
/// escaped punctuation (`\.`, `\%`, `\/`, ...), `\t \n \r`, groups `(…)` and `(?:…)`,
/// alternation `|`, quantifiers `* + ? {m} {m,} {m,n}` (a trailing `?` for laziness is accepted
/// and makes no difference to whether a message matches; a `{` that starts no complete bound is
/// a literal), anchors `^` (start of the message) and `$` (end of the message). `.`, `[^…]` and
/// `\D \W \S` match one UTF-8 character. Not supported (rejected with an error):
/// backreferences, lookaround, named groups, `(?i)`, `\b`.
extension ByteRegex {
    /// Compiles the regular expression in `cursor.bytes[cursor.position..<end]`; errors point
    /// into the whole pattern.
    init(filterPattern cursor: PatternCursor, end: Int) throws(FilterPatternError) {
        do {
            try self.init(Array(cursor.bytes[cursor.position..<end]), syntax: .filterPattern)
        } catch {
            throw cursor.error(Self.message(for: error.problem), at: cursor.position + error.construct)
        }
    }

    /// The filter-pattern wording of `problem`.
    private static func message(for problem: SyntaxError.Problem) -> String {
        switch problem {
        case .unclosedGroup: return "expected ')' to close the group opened here"
        case .unbalancedParenthesis: return "unexpected ')' in regular expression"
        case .nothingToRepeat: return "nothing to repeat before this quantifier"
        case .unclosedClass: return "expected ']' to close the class opened here"
        case .rangeOutOfOrder: return "range out of order in character class"
        case .badRangeEnd: return "expected a character at the end of the range"
        case .backreference: return "backreferences are not supported"
        case .unsupportedGroup, .badGroupName: return "lookaround and named groups are not supported; expected '(?:' or '('"
        case .boundsOutOfOrder: return "repeat bounds out of order (min > max)"
        case .repeatTooLarge(let limit): return "repeat count larger than \(limit)"
        case .programTooLarge(let limit): return "regular expression too large (repetition expands past \(limit) steps)"
        case .nestingTooDeep(let limit): return "groups and quantifiers nested more than \(limit) deep"
        case .danglingEscape: return "expected a character after '\\'"
        case .unknownEscape(let byte): return "unknown escape '\\\(UnicodeScalar(byte))'"
        }
    }
}
