import ArgumentParser
import SiftKit

/// Builds the `--filter` matcher of `sift logs` from CloudWatch filter-pattern text.
enum LogFilters {
    /// The matcher for `text`.
    /// - Throws: `ValidationError` naming the column of a syntax error.
    static func make(_ text: String) throws -> any LogMessageFilter {
        do {
            return try FilterPattern(text)
        } catch {
            throw ValidationError("--filter: \(error)")
        }
    }
}
