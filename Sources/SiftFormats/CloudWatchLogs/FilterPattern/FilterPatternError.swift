/// A filter pattern that could not be parsed: where (a 1-based column) and what was expected.
///
/// ```text
/// invalid filter pattern: expected a selector after '{'
///   { = 5 }
///     ^
/// ```
public struct FilterPatternError: Error, Sendable, CustomStringConvertible {
    /// The pattern as given.
    public let pattern: String
    /// The 1-based column (in characters) of the offending character; one past the end when the
    /// pattern ended too early.
    public let column: Int
    /// What was expected or what is wrong, e.g. `expected a selector after '{'`.
    public let message: String

    /// An error at `byteOffset` in the UTF-8 bytes of `pattern`.
    init(pattern: String, byteOffset: Int, message: String) {
        self.pattern = pattern
        var column = 1
        for (offset, byte) in pattern.utf8.enumerated() where offset < byteOffset && byte & 0xC0 != 0x80 {
            column += 1
        }
        self.column = column
        self.message = message
    }

    /// The message, the pattern, and a caret under the column.
    public var description: String {
        let caret = String(repeating: " ", count: column - 1) + "^"
        return "invalid filter pattern: \(message)\n  \(pattern)\n  \(caret)"
    }
}
