/// One lexical token of a query, with its byte range in the query text.
struct Token: Sendable, Equatable {
    /// The kinds of token.
    enum Kind: Sendable, Equatable {
        /// A field name or keyword: `@timestamp`, `http.status`, `stats`, a backquoted name.
        case identifier(String)
        /// A quoted string literal (escapes resolved).
        case string(String)
        /// A number literal.
        case number(Double)
        /// A time span literal such as `5m` or `30s`, in milliseconds.
        case duration(Int64)
        /// A regular expression literal `/.../` with its flags.
        case regex(pattern: String, caseInsensitive: Bool)
        /// Punctuation or an operator: `|`, `(`, `)`, `,`, `=`, `!=`, `<`, `<=`, `>`, `>=`, `=~`, `+`, `-`, `*`, `/`, `%`, `^`.
        case symbol(String)
        /// The end of the query.
        case end
    }

    /// What the token is.
    var kind: Kind
    /// The byte offset of its first character.
    var start: Int
    /// The byte offset just past its last character.
    var end: Int
    /// `true` when a backquoted identifier (never a keyword).
    var quoted = false

    /// The identifier text when the token is an unquoted identifier equal (ignoring case) to `keyword`.
    func isKeyword(_ keyword: String) -> Bool {
        guard !quoted, case .identifier(let name) = kind else { return false }
        return name.lowercased() == keyword
    }

    /// Whether the token is the symbol `s`.
    func isSymbol(_ s: String) -> Bool { kind == .symbol(s) }

    /// How error messages name the token.
    var display: String {
        switch kind {
        case .identifier(let name): return "'\(name)'"
        case .string(let s): return "string \"\(s)\""
        case .number(let n): return "number \(n)"
        case .duration: return "time span"
        case .regex(let p, _): return "regex /\(p)/"
        case .symbol(let s): return "'\(s)'"
        case .end: return "end of query"
        }
    }
}
