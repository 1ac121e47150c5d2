import Foundation

/// Runs short Python 3 scripts, for tests that want an implementation independent of ours:
/// Python's gzip and zlib to make compressed inputs, or a reference tool's function to compare with.
///
/// The interpreter is the system Python (`/usr/bin/python3`, Debian's `python3` package) when
/// present, else `python3` on `PATH`. A test that can do without Python gates itself with
/// `.enabled(if: Py.isAvailable)`.
///
/// ```swift
/// let compressed = try Py.gzip("one\ntwo\n") + Py.gzip("three\n")   // two gzip members
/// ```
public enum Py {
    /// Whether a Python 3 interpreter can be found.
    public static var isAvailable: Bool {
        if FileManager.default.isExecutableFile(atPath: systemPython) { return true }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: $0 + "/python3")
        }
    }

    private static let systemPython = "/usr/bin/python3"

    /// Runs `script` with `python3 -c`, feeding `input` on standard input, and returns its standard output.
    ///
    /// - Throws: ``PythonFailed`` when the script exits with a non-zero status, or the error from launching it.
    public static func run(_ script: String, input: [UInt8] = []) throws -> [UInt8] {
        let process = Process()
        if FileManager.default.isExecutableFile(atPath: systemPython) {
            process.executableURL = URL(fileURLWithPath: systemPython)
            process.arguments = ["-c", script]
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", script]
        }
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        // A script that fails before reading all of `input` closes its end; ignore the EPIPE.
        signal(SIGPIPE, SIG_IGN)
        try process.run()
        // Written on another thread, so a large input and a large output cannot deadlock.
        let writer = Thread {
            stdin.fileHandleForWriting.write(Data(input))
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let output = readAll(stdout.fileHandleForReading.fileDescriptor)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PythonFailed(script: script, status: process.terminationStatus)
        }
        return output
    }

    /// One gzip member holding `bytes` (modification time 0, so the output is reproducible).
    public static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        try run(
            "import sys,gzip; sys.stdout.buffer.write(gzip.compress(sys.stdin.buffer.read(), mtime=0))",
            input: bytes
        )
    }

    /// One gzip member holding `text` as UTF-8.
    public static func gzip(_ text: String) throws -> [UInt8] { try gzip(Array(text.utf8)) }

    /// One zlib stream (RFC 1950) holding `bytes`.
    public static func zlib(_ bytes: [UInt8]) throws -> [UInt8] {
        try run("import sys,zlib; sys.stdout.buffer.write(zlib.compress(sys.stdin.buffer.read()))", input: bytes)
    }
}

/// A Python script run by ``Py`` exited with a non-zero status.
public struct PythonFailed: Error, CustomStringConvertible {
    /// The script.
    public var script: String
    /// Its exit status.
    public var status: Int32

    public var description: String { "python3 exited with status \(status) running: \(script)" }
}
