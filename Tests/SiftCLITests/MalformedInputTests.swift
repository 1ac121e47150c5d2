import Foundation
import SiftTestSupport
import Testing

/// Damaged inputs: each run must name the file, the line or record, and the byte offset (and the
/// gzip member) of the first bad record on one stderr summary line, and keep every record after it.
@Suite struct MalformedInputTests {
    private func malformed(_ name: String) -> String { CLIFixtures.malformed(name) }

    /// The byte offset named in `text` after `prefix`, e.g. `a.jsonl:3 (byte ` → 594.
    private func byteOffset(in text: Substring, after prefix: String) -> Int? {
        guard let range = text.range(of: prefix) else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isNumber })
    }

    @Test("a JSONL file with one broken line: located, later lines survive", arguments: [
        ("xray-broken-line.jsonl", "truncated JSON"),
        ("xray-binary-junk.jsonl", "unexpected byte 0x"),
        ("xray-invalid-utf8.jsonl", "invalid UTF-8"),
    ])
    func brokenLine(name: String, message: String) throws {
        let path = malformed(name)
        let badLine = try CLIFixtures.expected(name, "bad_line")
        let lineStart = try CLIFixtures.expected(name, "bad_offset")
        let lineLength = try Fixtures.bytes(path).dropFirst(lineStart).prefix { $0 != 0x0A }.count
        for command in ["cat", "endpoints"] {
            let result = try SiftProcess.run([command, path])
            #expect(result.status == 0, "\(command)")
            let summary = try #require(result.summaryLine, "\(command): \(result.stderr)")
            #expect(summary.hasPrefix("sift: skipped 1 malformed record (1 invalid JSON; first: "))
            let offset = try #require(byteOffset(in: summary, after: "\(path):\(badLine) (byte "), "\(summary)")
            #expect(offset >= lineStart && offset <= lineStart + lineLength, "\(summary)")
            #expect(summary.contains(message), "\(summary)")
            #expect(result.stderrLines.count == 1)
        }
        let cat = try SiftProcess.run(["cat", path])
        let records = try CLIFixtures.expected(name, "records")
        #expect(cat.stdoutLines.count == records)
        // The lines after the bad one are all there, in order.
        let lines = cat.stdoutLines.compactMap { line in byteOffset(in: line, after: "\"@line\":").map { $0 } }
        #expect(lines.contains(badLine + 1))
        #expect(lines == lines.sorted())
        #expect(!lines.contains(badLine))
        // Every output line is valid JSON.
        for line in cat.stdoutLines {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "\(line)")
        }
        let endpoints = try SiftProcess.run(["endpoints", "--format", "json", path])
        let row = try #require(try JSONSerialization.jsonObject(with: Data(endpoints.stdoutBytes)) as? [String: Any])
        #expect(row["count"] as? Int == records)
    }

    @Test("a truncated gzip: member and offset named, the records before the cut survive")
    func truncatedGzip() throws {
        let name = "truncated.jsonl.gz"
        let path = malformed(name)
        let result = try SiftProcess.run(["cat", "--stats", path])
        #expect(result.status == 0)
        let summary = try #require(result.summaryLine)
        let records = try CLIFixtures.expected(name, "records")
        #expect(summary.hasPrefix("sift: skipped 1 malformed record (1 truncated gzip; first: \(path):\(records + 1) (gzip member 2, byte "))
        let offset = try #require(byteOffset(in: summary, after: "gzip member 2, byte "))
        #expect(offset > (try CLIFixtures.expected(name, "member1_bytes")))
        #expect(summary.contains("truncated gzip data"))
        #expect(result.stdoutLines.count == (try CLIFixtures.expected(name, "records")))
        let compressed = try CLIFixtures.expected(name, "compressed_bytes")
        #expect(result.stderr.contains("sift: stats: 1 input, \(compressed) bytes in"))
        // A good file after the damaged one is read in full.
        let both = try SiftProcess.run(["cat", path, malformed("good.jsonl")])
        #expect(both.status == 0)
        #expect(both.stdoutLines.count == (try CLIFixtures.expected(name, "records")) + 10)
        #expect(both.stdoutLines.last?.contains("good.jsonl") == true)

        let strict = try SiftProcess.run(["cat", "--strict", path, malformed("good.jsonl")])
        #expect(strict.status == 65)

        let detect = try SiftProcess.run(["detect", "--format", "csv", path])
        #expect(detect.status == 0)
        #expect(detect.stdoutLines.last?.hasPrefix("\(path),xray-jsonl,gzip,2620,") == true)
        #expect(detect.summaryLine?.contains("(gzip member 2, byte ") == true)
    }

    @Test("junk between pretty-printed JSON documents: record and byte named, later documents survive on one line each")
    func junkBetweenValues() throws {
        let name = "emf-values-junk.json"
        let path = malformed(name)
        let result = try SiftProcess.run(["cat", path])
        #expect(result.status == 0)
        let offset = try CLIFixtures.expected(name, "bad_offset")
        #expect(result.summaryLine == "sift: skipped 1 malformed record (1 junk between JSON values; first: \(path) record 3 (byte \(offset)): unexpected byte 0x67 between JSON values)")
        #expect(result.stdoutLines.count == (try CLIFixtures.expected(name, "records")))
        for (index, line) in result.stdoutLines.enumerated() {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["@record"] as? Int == index + 1)
            #expect(object["Latency"] as? Int == 11 + index)
        }
        let detect = try SiftProcess.run(["detect", "--format", "csv", path])
        #expect(detect.stdoutLines.last?.hasPrefix("\(path),emf,none,") == true)
    }

    @Test("a 20 MB line is skipped and located; the lines after it survive")
    func hugeLine() throws {
        try TempDir.with(prefix: "sift-cli") { directory in
            let path = directory.path("huge-line.jsonl")
            var bytes = Array(CLIFixtures.segmentLine(1).utf8)
            let hugeStart = bytes.count
            bytes += Array(#"{"id": "huge", "padding": ""#.utf8)
            bytes += [UInt8](repeating: UInt8(ascii: "a"), count: 20 << 20)
            bytes += Array("\"}\n".utf8)
            bytes += Array((CLIFixtures.segmentLine(2) + CLIFixtures.segmentLine(3)).utf8)
            try Data(bytes).write(to: URL(fileURLWithPath: path))

            let result = try SiftProcess.run(["cat", path])
            #expect(result.status == 0)
            #expect(result.summaryLine == "sift: skipped 1 malformed record (1 line too long; first: \(path):2 (byte \(hugeStart)): line longer than 16777216 bytes (skipped))")
            #expect(result.stdoutLines.count == 3)
            #expect(result.stdoutLines.last?.contains("\"@line\":4") == true)

            let raised = try SiftProcess.run(["cat", "--max-line-bytes", "\(32 << 20)", path])
            #expect(raised.status == 0)
            #expect(raised.stdoutLines.count == 4)
            #expect(raised.stderr.isEmpty)
        }
    }

    @Test("invalid UTF-8 in S3 export lines is printed as U+FFFD and no event is lost")
    func invalidUTF8Text() throws {
        let path = malformed("export-invalid-utf8.log")
        let result = try SiftProcess.run(["cat", "--stats", path])
        #expect(result.status == 0)
        #expect(result.stdoutLines.count == (try CLIFixtures.expected("export-invalid-utf8.log", "records")))
        #expect(String(validating: result.stdoutBytes, as: UTF8.self) != nil, "output must be UTF-8")
        let messages = try result.stdoutLines.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])["message"] as? String
        }
        #expect(messages[1] == "bad bytes \u{FFFD}\u{FFFD} here")
        #expect(messages[2] == "cut sequence \u{FFFD}")
        #expect(messages[3] == "GET /items/2 200")
        #expect(result.stderr.contains("sift: stats: skipped 0 records"))
    }

    @Test("an input of unknown format is named with its reason; alone it is no usable input", arguments: [
        ("junk.bin", "binary data"), ("plain.txt", "text without timestamps"), ("empty.jsonl", "empty"),
    ])
    func unknownFormat(name: String, reason: String) throws {
        let path = malformed(name)
        for command in ["cat", "endpoints"] {
            let alone = try SiftProcess.run([command, path])
            #expect(alone.status == 1, "\(command)")
            #expect(alone.stdout.isEmpty || command == "endpoints")
            #expect(alone.summaryLine == "sift: skipped 1 malformed record (1 unknown format; first: \(path): unknown format (\(reason)))")
            #expect(alone.stderrLines.last == "sift: no usable input")
        }
        let withGood = try SiftProcess.run(["cat", path, malformed("good.jsonl")])
        #expect(withGood.status == 0)
        #expect(withGood.stdoutLines.count == 10)
        let detect = try SiftProcess.run(["detect", "--format", "csv", path])
        #expect(detect.status == 0)
        #expect(detect.stdoutLines.last?.hasPrefix("\(path),unknown,none,") == true)
        #expect(detect.stdoutLines.last?.hasSuffix(",\(reason)") == true)
    }

    @Test("an empty directory is named; with other inputs the run goes on")
    func emptyDirectory() throws {
        try TempDir.with(prefix: "sift-cli") { directory in
            let empty = directory.path("empty")
            try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: false)
            let alone = try SiftProcess.run(["cat", empty])
            #expect(alone.status == 1)
            #expect(alone.summaryLine?.contains("first: \(empty): directory holds no files to read") == true)
            #expect(alone.stderrLines.last == "sift: no usable input")
            let mixed = try SiftProcess.run(["cat", empty, CLIFixtures.malformed("good.jsonl")])
            #expect(mixed.status == 0)
            #expect(mixed.stdoutLines.count == 10)
        }
    }

    @Test("a path that disappears or is a directory where a file is expected")
    func unreadablePaths() throws {
        try TempDir.with(prefix: "sift-cli") { directory in
            let gone = directory.path("gone.jsonl")
            try Data("{}\n".utf8).write(to: URL(fileURLWithPath: gone))
            try FileManager.default.removeItem(atPath: gone)
            let result = try SiftProcess.run(["cat", gone, CLIFixtures.malformed("good.jsonl")])
            #expect(result.status == 0)
            #expect(result.summaryLine == "sift: skipped 1 malformed record (1 not found; first: \(gone): no such file or directory)")
            #expect(result.stdoutLines.count == 10)

            let routes = try SiftProcess.run(["endpoints", "--routes", directory.path, CLIFixtures.malformed("good.jsonl")])
            #expect(routes.status == 64)
            #expect(routes.stderr.contains("--routes: cannot read \(directory.path)"))
        }
    }

    @Test("a file without read permission is named (skipped when running as root)", .enabled(if: geteuid() != 0))
    func permissionDenied() throws {
        try TempDir.with(prefix: "sift-cli") { directory in
            let locked = directory.path("locked.jsonl")
            try Data(try Fixtures.bytes(CLIFixtures.malformed("good.jsonl"))).write(to: URL(fileURLWithPath: locked))
            chmod(locked, 0)
            let result = try SiftProcess.run(["cat", locked])
            #expect(result.status == 1)
            #expect(result.summaryLine?.contains("\(locked): permission denied") == true)
        }
    }

    @Test("a directory of damaged and good inputs: every good record survives, the first damage is named")
    func mixedDirectory() throws {
        let names = ["xray-broken-line.jsonl", "junk.bin", "truncated.jsonl.gz", "good.jsonl", "xray-invalid-utf8.jsonl"]
        let result = try SiftProcess.run(["cat"] + names.map(malformed))
        #expect(result.status == 0)
        let expected = try ["xray-broken-line.jsonl", "truncated.jsonl.gz", "good.jsonl", "xray-invalid-utf8.jsonl"]
            .map { try CLIFixtures.expected($0, "records") }.reduce(0, +)
        #expect(result.stdoutLines.count == expected)
        let summary = try #require(result.summaryLine)
        #expect(summary.hasPrefix("sift: skipped 4 malformed records (2 invalid JSON, 1 truncated gzip, 1 unknown format; first: \(malformed("xray-broken-line.jsonl")):3 (byte "))
        #expect(result.stderrLines.filter { $0.hasPrefix("sift:   also: ") }.count == 3)
    }
}
