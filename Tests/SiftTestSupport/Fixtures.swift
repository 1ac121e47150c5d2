import Foundation

/// Locates test inputs: the project's own `fixtures/` and the team's `../shared/fixtures`.
public enum Fixtures {
    /// The package root (the directory holding Package.swift), found from this source file.
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    /// The project's own fixtures directory.
    public static var local: URL { packageRoot.appendingPathComponent("fixtures") }

    /// `../shared/fixtures`, which may be absent (CI on a fresh machine); `SIFT_SHARED_FIXTURES`
    /// names another place (a git worktree one level deeper than the checkout).
    public static var shared: URL {
        if let path = ProcessInfo.processInfo.environment["SIFT_SHARED_FIXTURES"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/fixtures")
    }

    /// Whether `../shared/fixtures` exists; tests that read it use `.enabled(if: Fixtures.sharedPresent)`.
    public static var sharedPresent: Bool { FileManager.default.fileExists(atPath: shared.appendingPathComponent("sdk").path) }

    /// A path under the project's fixtures.
    public static func local(_ relative: String) -> String { local.appendingPathComponent(relative).path }

    /// A path under the shared fixtures.
    public static func shared(_ relative: String) -> String { shared.appendingPathComponent(relative).path }

    /// The bytes of a file.
    public static func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }
}
