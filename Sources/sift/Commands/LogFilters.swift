import ArgumentParser
import SiftKit

/// Builds the `--filter` matcher of `sift logs`: the one place that knows which filter-pattern
/// implementation is linked.
enum LogFilters {
    /// The matcher for `text`.
    /// - Throws: `ValidationError` when the pattern cannot be used.
    static func make(_ text: String) throws -> any LogMessageFilter {
        throw ValidationError("--filter: CloudWatch filter patterns are not available in this build.")
    }
}
