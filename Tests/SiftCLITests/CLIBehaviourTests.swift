import Foundation
import SiftTestSupport
import Testing

/// The command line as a user meets it: help, usage errors, output formats, stats, strict mode,
/// standard input, exit statuses and a closed output pipe.
@Suite struct CLIBehaviourTests {
    let good = CLIFixtures.malformed("good.jsonl")

    @Test("--version prints the version and exits 0")
    func version() throws {
        let result = try SiftProcess.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.wholeMatch(of: /\d+\.\d+\.\d+\n/) != nil, "\(result.stdout)")
        #expect(result.stderr.isEmpty)
    }

    @Test("--help lists the subcommands, examples and the EXIT STATUS section")
    func help() throws {
        let result = try SiftProcess.run(["--help"])
        #expect(result.status == 0)
        for text in ["Examples:", "sift detect", "EXIT STATUS", "64  usage error", "65  bad data", "detect", "cat", "endpoints"] {
            #expect(result.stdout.contains(text), "missing \(text)")
        }
        let sub = try SiftProcess.run(["cat", "--help"])
        #expect(sub.status == 0)
        #expect(sub.stdout.contains("Examples:"))
    }

    @Test("an unknown subcommand is a usage error: 64, message and usage on stderr")
    func unknownSubcommand() throws {
        let result = try SiftProcess.run(["frobnicate", good])
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("Error:"))
        #expect(result.stderr.contains("Usage: sift"))
    }

    @Test("a bad option value is a usage error: 64, message and usage on stderr", arguments: [
        ["detect", "--format", "xml"], ["cat", "--format", "csv"], ["endpoints", "--since", "yesterday-ish"],
        ["cat", "--jobs", "0"], ["detect", "--max-line-bytes", "nope"], ["detect", "--no-such-flag"],
    ])
    func badOption(arguments: [String]) throws {
        let result = try SiftProcess.run(arguments + [good])
        #expect(result.status == 64, "\(arguments)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("Error:"), "\(result.stderr)")
        #expect(result.stderr.contains("Usage:") || result.stderr.contains("Help:"), "\(result.stderr)")
    }

    @Test("detect in table, json and csv")
    func detectFormats() throws {
        let table = try SiftProcess.run(["detect", "--format", "table", good])
        #expect(table.status == 0)
        #expect(table.stdoutLines.count == 3)
        #expect(table.stdoutLines[0].hasPrefix("path"))
        #expect(table.stdoutLines[1].allSatisfy { $0 == "-" || $0 == " " })
        #expect(table.stdoutLines[2].contains("xray-jsonl"))

        let json = try SiftProcess.run(["detect", "--format", "json", good])
        #expect(json.status == 0)
        let row = try #require(try JSONSerialization.jsonObject(with: Data(json.stdoutBytes)) as? [String: Any])
        #expect(row["format"] as? String == "xray-jsonl")
        #expect(row["compression"] as? String == "none")
        #expect(row["records"] as? Int == 10)
        #expect(row["bytes"] as? Int == 2930)
        #expect(row["path"] as? String == good)

        let csv = try SiftProcess.run(["detect", "--format", "csv", good])
        #expect(csv.status == 0)
        #expect(csv.stdoutLines.first == "path,format,compression,bytes,decompressed_bytes,records,reason")
        #expect(csv.stdoutLines.count == 2)
        #expect(csv.stdoutLines[1].hasPrefix("\(good),xray-jsonl,none,2930,2930,10,"))
    }

    @Test("endpoints in table, json and csv")
    func endpointsFormats() throws {
        let json = try SiftProcess.run(["endpoints", "--format", "json", good])
        #expect(json.status == 0)
        #expect(json.stdoutLines.count == 1)
        let row = try #require(try JSONSerialization.jsonObject(with: Data(json.stdoutBytes)) as? [String: Any])
        #expect(row["service"] as? String == "orders-api")
        #expect(row["route"] as? String == "/orders")
        #expect(row["count"] as? Int == 10)
        let p50 = try #require(row["p50_ms"] as? Double)
        #expect(abs(p50 - 50) < 0.01)

        let csv = try SiftProcess.run(["endpoints", "--format", "csv", good])
        #expect(csv.status == 0)
        #expect(csv.stdoutLines.first?.hasPrefix("service,method,route,count,") == true)
        #expect(csv.stdoutLines.count == 2)
        #expect(csv.stdoutLines[1].hasPrefix("orders-api,GET,/orders,10,"))

        let table = try SiftProcess.run(["endpoints", good])
        #expect(table.status == 0)
        #expect(table.stdoutLines.count == 3)
        #expect(table.stdoutLines[2].hasPrefix("orders-api"))
    }

    @Test("--stats prints bytes in and out, records by format, skipped by reason and time")
    func stats() throws {
        let broken = CLIFixtures.malformed("xray-broken-line.jsonl")
        let result = try SiftProcess.run(["cat", "--stats", good, broken])
        #expect(result.status == 0)
        let lines = result.stderrLines.filter { $0.hasPrefix("sift: stats:") }
        let first = try #require(lines.first)
        #expect(first.hasPrefix("sift: stats: 2 inputs, 4195 bytes in"))
        #expect(first.contains("4195 bytes decompressed"))
        #expect(first.contains(" s, "))
        // Records read, the invalid one included (it is also counted as skipped).
        #expect(lines.contains("sift: stats: format xray-jsonl: 2 inputs, 15 records"))
        #expect(lines.contains("sift: stats: skipped 1 record"))
        #expect(lines.contains("sift: stats:   invalid JSON: 1"))
        #expect(result.stdoutLines.count == 14)
    }

    @Test("--strict stops at the first bad record and exits 65")
    func strict() throws {
        let broken = CLIFixtures.malformed("xray-broken-line.jsonl")
        let result = try SiftProcess.run(["cat", "--strict", broken, good])
        #expect(result.status == 65)
        #expect(result.stdoutLines.count == 2, "records before the bad line only")
        #expect(result.summaryLine?.contains("xray-broken-line.jsonl:3 (byte ") == true)

        let lenient = try SiftProcess.run(["cat", broken, good])
        #expect(lenient.status == 0)
        #expect(lenient.stdoutLines.count == 14)

        let endpoints = try SiftProcess.run(["endpoints", "--strict", broken])
        #expect(endpoints.status == 65)
        let clean = try SiftProcess.run(["endpoints", "--strict", good])
        #expect(clean.status == 0)
        #expect(clean.stderr.isEmpty)
    }

    @Test("- reads standard input, alone or between files")
    func standardInput() throws {
        let bytes = try Fixtures.bytes(good)
        let piped = try SiftProcess.run(["cat", "-"], stdin: bytes)
        #expect(piped.status == 0)
        #expect(piped.stdoutLines.count == 10)
        #expect(piped.stdoutLines.first?.hasPrefix(#"{"@source":"<stdin>","@line":1,"@offset":0,"#) == true)
        #expect(piped.stderr.isEmpty)

        let implicit = try SiftProcess.run(["detect", "--format", "csv"], stdin: bytes)
        #expect(implicit.stdoutLines.last?.hasPrefix("<stdin>,xray-jsonl,none,2930,2930,10,") == true)

        let mixed = try SiftProcess.run(["cat", "--no-location", good, "-", good], stdin: bytes)
        #expect(mixed.status == 0)
        #expect(mixed.stdoutLines.count == 30)
        #expect(mixed.stdoutLines[10] == mixed.stdoutLines[0])
    }

    @Test("no usable input exits 1 and says why")
    func noUsableInput() throws {
        let missing = try SiftProcess.run(["cat", "/nonexistent/sift-test-input.jsonl"])
        #expect(missing.status == 1)
        #expect(missing.stdout.isEmpty)
        #expect(missing.summaryLine?.contains("/nonexistent/sift-test-input.jsonl: no such file or directory") == true)
        #expect(missing.stderrLines.last == "sift: no usable input")

        let emptyStdin = try SiftProcess.run(["endpoints"], stdin: [])
        #expect(emptyStdin.status == 1)
        #expect(emptyStdin.stderr.contains("<stdin>: unknown format (empty)"))

        // One missing input among good ones is reported, and the run succeeds.
        let partial = try SiftProcess.run(["cat", "/nonexistent/x.jsonl", good])
        #expect(partial.status == 0)
        #expect(partial.stdoutLines.count == 10)
        #expect(partial.summaryLine?.contains("1 not found") == true)
    }

    @Test("a closed output pipe ends sift quietly with status 0")
    func brokenPipe() throws {
        try TempDir.with(prefix: "sift-cli") { directory in
            let big = directory.url.appendingPathComponent("big.jsonl")
            var text = ""
            text.reserveCapacity(12 << 20)
            for i in 0..<60_000 { text += CLIFixtures.segmentLine(i) }
            try Data(text.utf8).write(to: big)
            for command in ["cat", "cat --no-location"] {
                let result = try SiftProcess.shell(
                    #""$SIFT" \#(command) '\#(big.path)' | head -1 > /dev/null; echo "status=${PIPESTATUS[0]}""#)
                #expect(result.stdout == "status=0\n", "\(command)")
                #expect(result.stderr.isEmpty, "\(command): \(result.stderr)")
            }
            let gzip = try SiftProcess.shell(
                #"gzip -c '\#(big.path)' > '\#(big.path).gz' && "$SIFT" cat '\#(big.path).gz' | head -1 | wc -l; echo "status=${PIPESTATUS[0]}""#)
            #expect(gzip.stdout.hasSuffix("status=0\n"), "\(gzip.stdout)")
            #expect(gzip.stdout.hasPrefix("1\n"))
            #expect(gzip.stderr.isEmpty, "\(gzip.stderr)")
        }
    }
}

@Suite struct ProgressLineCLITests {
    @Test("the progress line goes to stderr only when asked (a terminal, or SIFT_PROGRESS=1), and is erased")
    func progressOnlyOnATerminal() throws {
        try TempDir.with { directory in
            // Enough documents that the debug build reads for more than one redraw (250 ms).
            let path = try directory.write("many.jsonl", (0..<60_000).map(CLIFixtures.segmentLine).joined())
            let piped = try SiftProcess.run(["endpoints", path])
            #expect(!piped.stderr.contains("\r"), "no progress when stderr is a pipe")
            let forced = try SiftProcess.run(["endpoints", path], environment: ["SIFT_PROGRESS": "1"])
            #expect(forced.stdout == piped.stdout, "the progress line never reaches stdout")
            let drawn = forced.stderr.components(separatedBy: "\r\u{1B}[K").filter { !$0.isEmpty }
            #expect(drawn.contains { $0.hasPrefix("sift: ") && $0.contains(" records, ") && $0.contains("MB/s") }, "\(forced.stderr)")
            #expect(forced.stderr.hasSuffix("\r\u{1B}[K"), "the line is erased at the end")
        }
    }
}

@Suite struct SortOptionTests {
    @Test("--sort with a column the report lacks: exit 64 and the report's columns named, no table")
    func unknownSortColumn() throws {
        let result = try SiftProcess.run(["endpoints", "--sort", "nope", Fixtures.local("corpus/xray/jsonl")])
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("--sort: unknown column 'nope'; expected one of: service, method, route"))
    }
}

@Suite struct UnusedInputTests {
    @Test("an input a command cannot use is named on stderr with why, never a silent empty table", arguments: [
        (["endpoints", "corpus/cwlogs"], "inputs without X-Ray documents or spans (cwlogs-export)"),
        (["metrics", "corpus/xray/jsonl"], "inputs without EMF records or log events (xray-jsonl)"),
        (["logs", "corpus/xray/jsonl"], "inputs without CloudWatch log events (xray-jsonl)"),
    ])
    func namedOnStderr(command: [String], why: String) throws {
        let path = Fixtures.local(command[1])
        let result = try SiftProcess.run([command[0], path])
        #expect(result.status == 0)
        let line = try #require(result.stderrLines.first { $0.hasPrefix("sift: not read: ") }, "\(result.stderr)")
        #expect(line.hasSuffix(" " + why), "\(line)")
    }
}
