/// The type of the next JSON value, as told by its first byte.
///
/// Returned by ``JSONScanner/peekKind()``; it does not validate the value itself.
public enum JSONKind: Sendable, Hashable {
    /// `{`
    case object
    /// `[`
    case array
    /// `"`
    case string
    /// `-` or a digit.
    case number
    /// `t` or `f`.
    case bool
    /// `n`.
    case null
}
