import Foundation

/// Runs the built `sift` executable out of process, the way a user or a script does, and
/// captures its exit status, standard output and standard error separately.
///
/// The binary is `.build/debug/sift` under the package root; `make test` (and
/// `swift build --build-tests`) builds it before the tests run.
///
/// ```swift
/// let result = try SiftProcess.run(["detect", "--format", "json", path])
/// #expect(result.status == 0)
/// ```
public enum SiftProcess {
    /// What one run produced.
    public struct Result: Sendable {
        /// The exit status (or 128 + signal when the process was killed by a signal).
        public var status: Int32
        /// Standard output, as bytes.
        public var stdoutBytes: [UInt8]
        /// Standard error, as bytes.
        public var stderrBytes: [UInt8]

        /// Standard output decoded as UTF-8 (invalid sequences replaced).
        public var stdout: String { String(decoding: stdoutBytes, as: UTF8.self) }
        /// Standard error decoded as UTF-8 (invalid sequences replaced).
        public var stderr: String { String(decoding: stderrBytes, as: UTF8.self) }
        /// The non-empty lines of standard output (`\n` or `\r\n` line ends, as CSV has).
        public var stdoutLines: [Substring] { stdout.split { $0 == "\n" || $0 == "\r\n" } }
        /// The non-empty lines of standard error.
        public var stderrLines: [Substring] { stderr.split { $0 == "\n" || $0 == "\r\n" } }
    }

    /// Why the executable could not be run.
    public struct NotBuilt: Error, CustomStringConvertible {
        /// The path that was looked for.
        public var path: String
        /// The explanation.
        public var description: String {
            "sift executable not found at \(path): run `swift build --build-tests` (or `make test`) first"
        }
    }

    /// The path of the built executable: `.build/debug/sift`, or `SIFT_BINARY` when set.
    public static var executablePath: String {
        if let override = ProcessInfo.processInfo.environment["SIFT_BINARY"] { return override }
        return Fixtures.packageRoot.appendingPathComponent(".build/debug/sift").path
    }

    /// Runs `sift` with `arguments`, feeding `stdin` (or an empty, closed standard input).
    ///
    /// - Parameters:
    ///   - arguments: the command line after `sift`.
    ///   - stdin: bytes for standard input; written on a background thread so large inputs cannot deadlock.
    ///   - directory: the working directory (the package root by default).
    ///   - environment: variables added to this process's environment.
    /// - Throws: ``NotBuilt`` when the executable is missing, or the error from launching it.
    public static func run(
        _ arguments: [String], stdin: [UInt8] = [], directory: URL? = nil, environment: [String: String] = [:]
    ) throws -> Result {
        try launch(executablePath, arguments, stdin: stdin, directory: directory, requireExecutable: true, environment: environment)
    }

    /// Runs a shell pipeline with `bash -c`, with `$SIFT` set to the executable's path.
    ///
    /// Use it for pipelines such as `"$SIFT" cat big | head -1; exit ${PIPESTATUS[0]}`.
    public static func shell(_ script: String) throws -> Result {
        guard FileManager.default.isExecutableFile(atPath: executablePath) else { throw NotBuilt(path: executablePath) }
        return try launch("/bin/bash", ["-c", script], stdin: [], directory: nil, requireExecutable: false,
                          environment: ["SIFT": executablePath])
    }

    private static func launch(
        _ path: String, _ arguments: [String], stdin: [UInt8], directory: URL?, requireExecutable: Bool,
        environment extra: [String: String] = [:]
    ) throws -> Result {
        if requireExecutable && !FileManager.default.isExecutableFile(atPath: path) { throw NotBuilt(path: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? Fixtures.packageRoot
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()

        let collected = Collected()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            collected.stdout = readAll(output.fileHandleForReading.fileDescriptor)
            group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            collected.stderr = readAll(errors.fileHandleForReading.fileDescriptor)
            group.leave()
        }
        let writer = input.fileHandleForWriting
        if !stdin.isEmpty {
            // A child that stops reading early closes its end; ignore the resulting EPIPE.
            signal(SIGPIPE, SIG_IGN)
            stdin.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let written = Foundation.write(writer.fileDescriptor, raw.baseAddress! + offset, raw.count - offset)
                    if written < 0 && errno == EINTR { continue }
                    if written <= 0 { break }
                    offset += written
                }
            }
        }
        try? writer.close()
        group.wait()
        process.waitUntilExit()
        let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return Result(status: status, stdoutBytes: collected.stdout, stderrBytes: collected.stderr)
    }
}

/// Buffers filled by the reader threads before `group.wait()` returns.
private final class Collected: @unchecked Sendable {
    var stdout: [UInt8] = []
    var stderr: [UInt8] = []
}
