/// SiftRegex: sift's one regular-expression engine, for CloudWatch filter patterns (`%regex%`) and
/// for the query language (`like /re/`, `=~`, `parse /re/`).
///
/// A pattern is parsed (``RegexParser``, one parser for both dialects, see ``ByteRegex/Syntax``),
/// compiled to a Thompson NFA (``Program``) and run as a Pike VM (``PikeVM``) over the input's
/// bytes. Matching takes time linear in the input (times the program size), never backtracks,
/// never recurses, and allocates nothing per input byte: the thread lists live in scratch memory
/// taken once per call. Threads are kept in priority order with their own capture slots, so the
/// reported match and groups are the ones a backtracking (Perl-style, leftmost-first) engine
/// would report, greedy and lazy quantifiers included.
///
/// The search is unanchored unless the pattern uses `^`; `^` and `$` are the start and end of the
/// input. Classes and escapes are ASCII (`\w` is `[A-Za-z0-9_]`) and match bytes; non-ASCII bytes
/// only match themselves, `.`, and negated classes. While no thread is alive the search skips
/// ahead: to the next occurrence of the literal prefix when every match starts with one, else to
/// the next byte that can start a match. A literal every match must contain is looked for first,
/// so inputs without it are rejected at `memchr` speed.
public struct ByteRegex: Sendable {
    /// Largest `{m,n}` bound accepted.
    public static let maxRepeat = 1000
    /// Largest program accepted (bounded repetition is expanded into copies).
    public static let maxInstructions = 20_000
    /// Deepest group nesting accepted.
    public static let maxNesting = 200

    let program: Program

    /// The number of capturing groups (named or not).
    public let captureCount: Int
    /// The named groups in order of appearance: name and capture index (1-based).
    public let namedGroups: [(name: String, index: Int)]

    /// Compiles `pattern` (UTF-8 bytes) written in `syntax`; `caseInsensitive` is `(?i)` for the
    /// whole pattern.
    ///
    /// - Throws: ``SyntaxError`` with the problem and its byte offsets in `pattern`.
    public init(_ pattern: [UInt8], syntax: Syntax, caseInsensitive: Bool = false) throws(SyntaxError) {
        var parser = RegexParser(pattern, syntax: syntax, caseInsensitive: caseInsensitive)
        let root = try parser.parse()
        captureCount = parser.captureCount
        namedGroups = parser.names
        program = try Program(root, captureCount: captureCount)
    }

    /// Compiles the UTF-8 bytes of `pattern`.
    public init(_ pattern: String, syntax: Syntax, caseInsensitive: Bool = false) throws(SyntaxError) {
        try self.init(Array(pattern.utf8), syntax: syntax, caseInsensitive: caseInsensitive)
    }

    /// Whether the pattern matches somewhere in `input`.
    public func matches(_ input: UnsafeRawBufferPointer) -> Bool {
        PikeVM.run(program, on: input, captures: nil)
    }

    /// The leftmost-first match in `input`: index 0 is the whole match, index `i` group `i`
    /// (`nil` when the group took no part in the match); `nil` when nothing matches.
    public func firstMatch(in input: UnsafeRawBufferPointer) -> [Range<Int>?]? {
        let slotCount = 2 * (captureCount + 1)
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: slotCount) { slots in
            guard PikeVM.run(program, on: input, captures: slots) else { return nil }
            return (0...captureCount).map { group in
                slots[2 * group] >= 0 ? slots[2 * group]..<slots[2 * group + 1] : nil
            }
        }
    }
}
