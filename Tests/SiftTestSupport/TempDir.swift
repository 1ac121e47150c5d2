import Foundation

/// A fresh, empty scratch directory for a test's input files, under the system's temporary
/// directory; it is removed, with everything in it, when the last reference to it goes away.
///
/// ```swift
/// let dir = try TempDir()
/// let path = try dir.write("logs/000000.gz", try Py.gzip("a\nb\n"))
/// ```
///
/// Where the directory must outlive a closure, ``with(prefix:_:)`` keeps it until the closure returns.
public final class TempDir {
    /// The directory.
    public let url: URL

    /// The directory's path.
    public var path: String { url.path }

    /// Creates the directory, named `prefix`, a dash and a UUID.
    public init(prefix: String = "sift-test") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Runs `body` with a fresh directory, removed when `body` returns or throws.
    public static func with<T>(prefix: String = "sift-test", _ body: (TempDir) throws -> T) throws -> T {
        let directory = try TempDir(prefix: prefix)
        return try withExtendedLifetime(directory) { try body(directory) }
    }

    /// The path of `relative` inside the directory; nothing is created.
    public func path(_ relative: String) -> String { url.appendingPathComponent(relative).path }

    /// Writes `bytes` to the file `relative` (creating the folders on the way) and returns its path.
    @discardableResult
    public func write(_ relative: String, _ bytes: [UInt8]) throws -> String {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
        return file.path
    }

    /// Writes `text` as UTF-8 to the file `relative` and returns its path.
    @discardableResult
    public func write(_ relative: String, _ text: String) throws -> String {
        try write(relative, Array(text.utf8))
    }
}
