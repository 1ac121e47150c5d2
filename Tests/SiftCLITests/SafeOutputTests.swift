import Foundation
import SiftTestSupport
import Testing

/// Hostile bytes in names, routes, SQL, exception and log messages never reach the terminal raw
/// (issue 14): table, text and CSV show them as escapes, JSON escapes them, CSV neutralises
/// formulas, and stderr diagnostics are escaped the same way.
@Suite struct SafeOutputTests {
    /// ESC sequences, an OSC title sequence, CR, LF, U+202E, DEL and a C1 CSI, as JSON escapes.
    static let hostile = #"a\u001b[31mred\u001b]0;PWNED\u0007\rFAKE\u202eevil\u007f\u009b2J\nforged"#
    static let formula = #"=HYPERLINK(\"http://x\",\"y\")"#
    static let traceID = "1-66321a00-" + String(repeating: "0", count: 23) + "1"

    static let segments: String = {
        let cause = #"{"exceptions":[{"id":"0000000000000001","type":"Boom\#(hostile)","message":"\#(hostile)"}]}"#
        let sql = #"{"id":"00000000000000c1","name":"db\#(hostile)","start_time":1714564800.1,"end_time":1714564800.2,"sql":{"sanitized_query":"SELECT \#(hostile) FROM t","url":"jdbc:x\#(hostile)"}}"#
        return #"{"id":"00000000000000a1","name":"api\#(hostile)","start_time":1714564800.0,"end_time":1714564800.5,"trace_id":"\#(traceID)","fault":true,"cause":\#(cause),"annotations":{"route":"\#(formula)"},"http":{"request":{"method":"GET\#(hostile)","url":"http://x/\#(hostile)"},"response":{"status":500}},"subsegments":[\#(sql)]}"#
            + "\n"
            + #"{"id":"00000000000000a2","name":"\#(formula)","start_time":1714564801.0,"end_time":1714564801.5,"trace_id":"1-66321a00-000000000000000000000002","annotations":{"route":"\#(hostile)"},"http":{"request":{"method":"GET","url":"http://x/b"},"response":{"status":200}}}"#
            + "\n"
    }()

    static let events: String = {
        func event(_ i: Int, _ message: String) -> String {
            #"{"logStreamName":"stream\#(hostile)","timestamp":\#(1717200000000 + i),"message":"\#(message)","ingestionTime":\#(1717200000500 + i),"eventId":"\#(i)"}"#
        }
        return #"{"events":["# + [event(1, hostile), event(2, formula), event(3, #"lambda\tfields\tok\n"#)].joined(separator: ",") + "]}\n"
    }()

    /// The bytes a terminal acts on: C0 controls but line feed (and tab where `tabs` allows it),
    /// DEL, C1 controls (UTF-8 `C2 80`–`C2 9F`), bidi overrides and isolates.
    static func rawControls(_ bytes: [UInt8], tabs: Bool = false) -> [String] {
        var found: [String] = []
        for (i, b) in bytes.enumerated() {
            if (b < 0x20 && b != 0x0A && !(tabs && b == 0x09)) || b == 0x7F { found.append(String(format: "0x%02x at %d", b, i)) }
            if b == 0xC2, i + 1 < bytes.count, (0x80...0x9F).contains(bytes[i + 1]) { found.append("C1 at \(i)") }
            if b == 0xE2, i + 2 < bytes.count,
                (bytes[i + 1] == 0x80 && (0xAA...0xAE).contains(bytes[i + 2])) || (bytes[i + 1] == 0x81 && (0xA6...0xA9).contains(bytes[i + 2]))
            {
                found.append("bidi at \(i)")
            }
        }
        return found
    }

    @Test("every span and log command, in table, csv and json: no raw control in stdout or stderr")
    func noRawControls() throws {
        try TempDir.with { directory in
            let xray = try directory.write("segments.jsonl", Self.segments + "{broken\n")
            let logs = try directory.write("events.json", Self.events)
            let runs: [(command: [String], path: String)] = [
                (["logs"], logs), (["query", "fields @logStream, @message"], logs),
                (["endpoints"], xray), (["sql"], xray), (["errors"], xray), (["traces"], xray),
                (["trace", Self.traceID], xray), (["query", "fields name, route, http.method, sql.query, exception.message"], xray),
            ]
            for (command, path) in runs {
                for format in ["table", "csv", "json"] {
                    let result = try SiftProcess.run(command + ["--format", format, path])
                    let what = "\(command.joined(separator: " ")) --format \(format)"
                    #expect(result.status == 0, "\(what): \(result.stderr)")
                    #expect(!result.stdoutBytes.isEmpty, "\(what)")
                    // Text lines of `logs` keep tabs (harmless; Lambda separates fields with them).
                    let tabs = command == ["logs"] && format == "table"
                    #expect(Self.rawControls(result.stdoutBytes, tabs: tabs).isEmpty, "\(what) stdout: \(Self.rawControls(result.stdoutBytes, tabs: tabs))")
                    #expect(Self.rawControls(result.stderrBytes).isEmpty, "\(what) stderr")
                    if format != "json" {
                        #expect(!result.stdout.contains("\nforged") && !result.stdout.contains("\nFAKE"), "\(what): a line break in data forged a line")
                    }
                    if format == "json" {
                        for line in result.stdoutLines {
                            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "\(what): \(line.prefix(200))")
                        }
                    }
                }
            }
        }
    }

    @Test("the escapes as shown: \\x1b, \\r, \\n, \\u202e, \\x7f, \\u009b in table and CSV cells and text lines")
    func escapesShown() throws {
        try TempDir.with { directory in
            let logs = try directory.write("events.json", Self.events)
            let shown = #"a\x1b[31mred\x1b]0;PWNED\x07\rFAKE\u202eevil\x7f\u009b2J\nforged"#
            let text = try SiftProcess.run(["logs", logs])
            #expect(text.stdoutLines.count == 3, "three events: \(text.stdout)")
            #expect(text.stdout.hasPrefix("2024-06-01T00:00:00.001Z stream\(shown) \(shown)\n"), "\(text.stdout)")
            #expect(text.stdout.contains(" lambda\tfields\tok\n\n"))
            let csv = try SiftProcess.run(["logs", "--format", "csv", logs])
            #expect(csv.stdoutLines.count == 4, "a header and three rows")
            #expect(csv.stdout.contains(",1,\(shown)\n"), "\(csv.stdout)")
            #expect(csv.stdout.contains(#","'=HYPERLINK(""http://x"",""y"")""#), "\(csv.stdout)")
            #expect(csv.stdout.contains(#",lambda fields ok\n"#), "\(csv.stdout)")
            let json = try SiftProcess.run(["logs", "--format", "json", logs])
            #expect(json.stdout.contains(#""message":"a\u001b[31mred\u001b]0;PWNED\u0007\rFAKE\u202eevil\u007f\u009b2J\nforged""#), "\(json.stdout)")
        }
    }

    @Test("a route that is a formula is neutralised in CSV; numeric columns keep their signs")
    func csvFormulas() throws {
        try TempDir.with { directory in
            let xray = try directory.write("segments.jsonl", Self.segments)
            let endpoints = try SiftProcess.run(["endpoints", "--format", "csv", xray])
            #expect(endpoints.stdout.contains(#","'=HYPERLINK(""http://x"",""y"")","#), "\(endpoints.stdout)")
            #expect(!endpoints.stdout.contains(#",=HYPERLINK"#) && !endpoints.stdout.contains(#","=HYPERLINK"#))
            let negative = try SiftProcess.run(["query", "--format", "csv", "stats count(*) as n | fields n - 5 as d, concat(\"-\", n) as t, concat(\"-\", n, \"+1\") as f", xray])
            #expect(negative.stdoutLines == ["n,d,t,f", "3,-2,-3,'-3+1"], "\(negative.stdout)")
        }
    }

    @Test("stderr: a hostile trace id, file name and record content are printed escaped")
    func stderrEscaped() throws {
        try TempDir.with { directory in
            let xray = try directory.write("segments.jsonl", Self.segments)
            let missing = try SiftProcess.run(["trace", "1-x\u{1B}]0;PWNED\u{07}\nsift: fake", xray])
            #expect(missing.status == 1)
            #expect(missing.stderr == "sift: trace 1-x\\x1b]0;PWNED\\x07\\nsift: fake not found\n", "\(missing.stderr)")
            let named = try directory.write("bad\u{1B}]0;PWNED\u{07}\r.jsonl", Self.segments + "{broken\n")
            let skipped = try SiftProcess.run(["traces", named])
            #expect(skipped.status == 0)
            #expect(Self.rawControls(skipped.stderrBytes).isEmpty, "\(skipped.stderr)")
            #expect(skipped.stderr.contains(#"bad\x1b]0;PWNED\x07\r.jsonl:3 (byte "#), "\(skipped.stderr)")
            let query = try SiftProcess.run(["query", "filter x = \"\u{1B}]0;PWNED\u{07}\" frob", xray])
            #expect(query.status == 64)
            #expect(Self.rawControls(query.stderrBytes).isEmpty, "\(query.stderr)")
            #expect(query.stderr.contains(#"\x1b]0;PWNED\x07"#), "\(query.stderr)")
        }
    }

    @Test("ordinary text is unchanged: non-ASCII, tabs in text lines, backslashes")
    func ordinaryTextUnchanged() throws {
        try TempDir.with { directory in
            let message = #"caf\u00e9 \u2026 \u00e4\u00f6 C:\\temp\\x 😀"#
            let logs = try directory.write("events.json", #"{"events":[{"logStreamName":"s","timestamp":1717200000000,"message":"\#(message)","eventId":"1"}]}"# + "\n")
            let text = try SiftProcess.run(["logs", logs])
            #expect(text.stdout == "2024-06-01T00:00:00.000Z s café … äö C:\\temp\\x 😀\n")
        }
    }
}
