import SiftFormats

/// One row of a filter-pattern table: a pattern, a message, and whether it should match.
struct FilterPatternCase: Sendable, CustomStringConvertible {
    let pattern: String
    let message: String
    let matches: Bool

    init(_ pattern: String, _ message: String, _ matches: Bool) {
        self.pattern = pattern
        self.message = message
        self.matches = matches
    }

    var description: String { "\(pattern) \(matches ? "~" : "!~") \(message)" }

    /// Whether the compiled pattern agrees with the expectation, on String and on raw bytes.
    func check() throws -> (string: Bool, bytes: Bool) {
        let compiled = try FilterPattern(pattern)
        let bytes = Array(message.utf8).withUnsafeBytes { compiled.matches($0) }
        return (compiled.matches(message), bytes)
    }
}
