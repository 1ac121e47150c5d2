/// A query that does not parse: where, what was found and what was expected.
///
/// ``description`` shows the query line with a caret under the column:
///
/// ```
/// stats count(*) by
///                  ^
/// query:1:18: expected a field or expression after 'by', found end of query
/// ```
public struct QuerySyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line of the error in the query text.
    public var line: Int
    /// The 1-based column (in characters) of the error on its line.
    public var column: Int
    /// The byte offset of the error in the query text.
    public var offset: Int
    /// What the parser expected, e.g. `a field name after 'by'`.
    public var expected: String
    /// What it found instead, e.g. `end of query` or `'|'`.
    public var found: String
    /// The text of the offending line.
    public var sourceLine: String

    /// Creates an error at `offset` in `text`.
    public init(text: [UInt8], offset: Int, expected: String, found: String) {
        let clamped = min(max(offset, 0), text.count)
        var lineStart = 0
        var line = 1
        for i in 0..<clamped where text[i] == UInt8(ascii: "\n") {
            line += 1
            lineStart = i + 1
        }
        var lineEnd = clamped
        while lineEnd < text.count && text[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
        self.line = line
        self.column = String(decoding: text[lineStart..<clamped], as: UTF8.self).count + 1
        self.offset = clamped
        self.expected = expected
        self.found = found
        self.sourceLine = String(decoding: text[lineStart..<lineEnd], as: UTF8.self)
    }

    /// The one-line message, `query:LINE:COLUMN: expected ..., found ...`.
    public var message: String { "query:\(line):\(column): expected \(expected), found \(found)" }

    /// The offending line, a caret under the column, and the message.
    public var description: String {
        sourceLine + "\n" + String(repeating: " ", count: column - 1) + "^\n" + message
    }
}
