/// One input to read: a file path or standard input.
///
/// ```swift
/// let source = InputSource.file("exports/a/000000.gz")
/// print(source.name)               // exports/a/000000.gz
/// print(InputSource.standardInput.name) // <stdin>
/// ```
public enum InputSource: Sendable, Hashable, CustomStringConvertible {
    /// A file (or anything `open(2)` can read, such as a named pipe) at a path.
    case file(String)
    /// Standard input (file descriptor 0), named `-` or no path on the command line.
    case standardInput

    /// The name used in locations and messages: the path, or `<stdin>`.
    public var name: String {
        switch self {
        case .file(let path): return path
        case .standardInput: return "<stdin>"
        }
    }

    /// Same as ``name``.
    public var description: String { name }
}
