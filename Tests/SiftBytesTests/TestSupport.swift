import Foundation
import SiftBytes
import SiftTestSupport
import SiftModel
import Testing

struct PythonFailed: Error {
    var script: String
}

/// Compresses with Python's gzip/zlib (tests only).
enum Py {
    static func run(_ script: String, input: [UInt8]) throws -> [UInt8] {
        let process = Process()
        // The system Python (Debian's python3 package) when present, else whatever `python3` is on PATH.
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
            process.arguments = ["-c", script]
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", script]
        }
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        let writer = Thread {
            stdin.fileHandleForWriting.write(Data(input))
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        // A read loop that retries EINTR: FileHandle.readDataToEndOfFile traps on it.
        let output = readAll(stdout.fileHandleForReading.fileDescriptor)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw PythonFailed(script: script) }
        return [UInt8](output)
    }

    /// One gzip member holding `bytes`.
    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        try run(
            "import sys,gzip; sys.stdout.buffer.write(gzip.compress(sys.stdin.buffer.read(), mtime=0))",
            input: bytes
        )
    }

    static func gzip(_ text: String) throws -> [UInt8] { try gzip(Array(text.utf8)) }

    /// One zlib stream holding `bytes`.
    static func zlib(_ bytes: [UInt8]) throws -> [UInt8] {
        try run("import sys,zlib; sys.stdout.buffer.write(zlib.compress(sys.stdin.buffer.read()))", input: bytes)
    }
}

/// A temporary directory removed at the end of the test.
final class TempDir {
    let path: String
    init() throws {
        path = NSTemporaryDirectory() + "siftbytes-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let file = path + "/" + name
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true
        )
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        return file
    }
}

/// A framed record copied out of the framer, with its location.
struct Framed: Equatable, CustomStringConvertible {
    var text: String
    var location: InputLocation
    var description: String { "\(text.debugDescription) @ \(location)" }
}

/// Everything a framer produced: records and errors, in order.
enum Event: Equatable {
    case record([UInt8], InputLocation)
    case error(InputError.Kind, InputLocation)
}

func collectLines(
    _ stream: any ByteStream,
    maxLineBytes: Int = LineFramer.defaultMaxLineBytes,
    bufferBytes: Int = 1 << 20
) -> [Event] {
    var framer = LineFramer(stream, maxLineBytes: maxLineBytes, bufferBytes: bufferBytes)
    var events: [Event] = []
    while true {
        do {
            guard let line = try framer.next() else { break }
            events.append(.record(Array(line), framer.location))
        } catch {
            events.append(.error(error.kind, error.location))
            if case .lineTooLong = error.kind { continue }
            if case .truncatedGzip = error.kind { continue }  // The framer may still hand out the partial tail.
            break
        }
    }
    return events
}

func collectValues(
    _ stream: any ByteStream,
    maxValueBytes: Int = JSONValueFramer.defaultMaxValueBytes,
    bufferBytes: Int = 1 << 20
) -> [Event] {
    var framer = JSONValueFramer(stream, maxValueBytes: maxValueBytes, bufferBytes: bufferBytes)
    var events: [Event] = []
    var guardCount = 0
    while guardCount < 100_000 {
        guardCount += 1
        do {
            guard let value = try framer.next() else { break }
            events.append(.record(Array(value), framer.location))
        } catch {
            events.append(.error(error.kind, error.location))
        }
    }
    return events
}

extension Collection where Element == Event {
    var texts: [String] {
        compactMap { if case .record(let bytes, _) = $0 { String(decoding: bytes, as: UTF8.self) } else { nil } }
    }
    var errors: [(InputError.Kind, InputLocation)] {
        compactMap { if case .error(let kind, let location) = $0 { (kind, location) } else { nil } }
    }
    var locations: [InputLocation] {
        compactMap { if case .record(_, let location) = $0 { location } else { nil } }
    }
}

/// Reads a whole ByteStream, with a given read size.
func drain(_ stream: any ByteStream, chunk: Int = 1 << 16) throws(InputError) -> [UInt8] {
    var out: [UInt8] = []
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 1)
    defer { buffer.deallocate() }
    while true {
        let n = try stream.read(into: buffer)
        if n == 0 { return out }
        out.append(contentsOf: buffer[..<n])
    }
}
