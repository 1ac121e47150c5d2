import Foundation
import SiftTestSupport
import Testing

/// The crashes of issue 14: values and shapes read from data (or a hostile query) that trapped or
/// overflowed the stack now give a located diagnostic or a clear error, and the other records
/// survive.
@Suite struct HostileInputTests {
    private static func segment(_ i: Int, start: String, end: String) -> String {
        #"{"id":"\#(String(format: "%016x", 0xB000 + i))","name":"api","start_time":\#(start),"end_time":\#(end),"trace_id":"\#(traceID(i))","http":{"request":{"method":"GET","url":"http://x/a"},"response":{"status":200}}}"#
            + "\n"
    }

    private static func traceID(_ i: Int) -> String { "1-66321a00-" + String(format: "%024x", i) }

    /// Lines 2, 3, 5 and 6 have times no `Timestamp` holds: epoch milliseconds, 1.2e29, 1e400 and
    /// a negative end far out; lines 1 and 4 are good.
    private static let badTimes = segment(1, start: "1714564800.0", end: "1714564800.5")
        + segment(2, start: "1714564800000.0", end: "1714564800500.0")
        + segment(3, start: "1.2e29", end: "1.3e29")
        + segment(4, start: "1714564800.0", end: "1714564801.0")
        + segment(5, start: "1e400", end: "2")
        + segment(6, start: "1714564800.0", end: "-9.3e9")

    @Test("X-Ray times beyond ±4.6e9 s or not finite: the document is skipped as an invalid field, located; the others survive")
    func xrayTimesOutOfRange() throws {
        try TempDir.with { directory in
            let path = try directory.write("times.jsonl", Self.badTimes)
            let commands: [[String]] = [
                ["traces"], ["endpoints"], ["sql"], ["errors"], ["query", "stats count(*) as n"],
                ["query", "--source", "traces", "stats count(*) as n"], ["query", "fields start, end"],
                ["trace", Self.traceID(4)], ["trace", "--format", "json", Self.traceID(4)],
            ]
            for command in commands {
                let result = try SiftProcess.run(command + [path])
                let what = command.joined(separator: " ")
                #expect(result.status == 0, "\(what): \(result.status) \(result.stderr)")
                let summary = try #require(result.summaryLine, "\(what): \(result.stderr)")
                #expect(summary.hasPrefix("sift: skipped 4 malformed records (3 invalid start_time, 1 invalid end_time; first: \(path):2 (byte "), "\(what): \(summary)")
                #expect(summary.contains("invalid field start_time: 1714564800000.0 is not a time in seconds since the epoch"), "\(what): \(summary)")
                #expect(result.stderr.contains("\(path):3 (byte "), "\(what): \(result.stderr)")
                #expect(result.stderr.contains("\(path):5 (byte ") && result.stderr.contains(": 1e400 is not a time"), "\(what): \(result.stderr)")
            }
            let traces = try SiftProcess.run(["traces", "--format", "csv", path])
            #expect(traces.stdoutLines.count == 3, "a header and the two good traces: \(traces.stdout)")
            #expect(traces.stdout.contains(Self.traceID(1)) && traces.stdout.contains(Self.traceID(4)))
            let rows = try SiftProcess.run(["query", "--format", "csv", "fields start, end", path])
            #expect(rows.stdoutLines.dropFirst() == ["2024-05-01T12:00:00.000Z,2024-05-01T12:00:00.500Z", "2024-05-01T12:00:00.000Z,2024-05-01T12:00:01.000Z"])
            let bad = try SiftProcess.run(["trace", Self.traceID(3), path])
            #expect(bad.status == 1, "a skipped trace is not found: \(bad.stderr)")
            let strict = try SiftProcess.run(["traces", "--strict", path])
            #expect(strict.status == 65)
        }
    }

    @Test("a trace summary with a StartTime in milliseconds: skipped as an invalid field, the other summaries survive")
    func traceSummaryTimes() throws {
        try TempDir.with { directory in
            let summaries = #"{"TraceSummaries":[{"Id":"\#(Self.traceID(1))","StartTime":1714564800.0,"Duration":0.5},{"Id":"\#(Self.traceID(2))","StartTime":1714564800000.0,"Duration":0.5},{"Id":"\#(Self.traceID(3))","StartTime":1714564801.0,"Duration":0.5,"Http":{"HttpStatus":1e300}}]}"#
            let path = try directory.write("summaries.json", summaries)
            let result = try SiftProcess.run(["traces", "--format", "csv", path])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.summaryLine?.hasPrefix("sift: skipped 1 malformed record (1 invalid StartTime; first: \(path) record 1") == true, "\(result.stderr)")
            #expect(result.stdoutLines.count == 3, "\(result.stdout)")
        }
    }

    @Test("a 60 KB message through filter like /.*ERROR/ and parse: no stack overflow, the match is found")
    func longMessageRegex() throws {
        try TempDir.with { directory in
            let message = String(repeating: "GET /items 200 ", count: 4_000) + "ERROR"
            let path = try directory.write("app.log", "2024-06-01T00:00:00.000Z \(message)\n2024-06-01T00:00:01.000Z short line\n")
            let filter = try SiftProcess.run(["query", "--format", "csv", "filter @message like /.*ERROR/ | stats count(*) as n", path])
            #expect(filter.status == 0, "\(filter.stderr)")
            #expect(filter.stdoutLines == ["n", "1"])
            let parse = try SiftProcess.run(["query", "--format", "csv", "parse @message /(?<x>.*)ERROR/ | filter ispresent(x) | fields strlen(x) as n", path])
            #expect(parse.status == 0, "\(parse.stderr)")
            #expect(parse.stdoutLines == ["n", "60000"])
        }
    }

    @Test("query functions given out-of-range values give absent cells, not a trap")
    func queryFunctionValues() throws {
        try TempDir.with { directory in
            let path = try directory.write("app.log", "2024-06-01T00:00:00.000Z hello\n2024-06-01T00:00:01.000Z world\n")
            let query = "fields fromMillis(99999999999999999999) as a, substr(@message, 1e30) as b, substr(@message, 1, 1e30) as c, datefloor(fromMillis(1e19), 1h) as d, @timestamp + 1e30 as e"
            let result = try SiftProcess.run(["query", "--format", "json", query, path])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdoutLines == [#"{"a":null,"b":"","c":"ello","d":null,"e":null}"#, #"{"a":null,"b":"","c":"orld","d":null,"e":null}"#])
        }
    }

    @Test("10,000 parentheses, 60,000 or terms, 100,000 nots: exit 64 with a located 'query too deeply nested'")
    func deepQueries() throws {
        try TempDir.with { directory in
            let log = try directory.write("app.log", "2024-06-01T00:00:00.000Z x\n")
            let queries = [
                "fields " + String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000),
                "filter " + Array(repeating: "x=1", count: 60_000).joined(separator: " or "),
                "filter " + String(repeating: "not ", count: 100_000) + "x",
            ]
            for (i, query) in queries.enumerated() {
                let file = try directory.write("q\(i).txt", query)
                let result = try SiftProcess.run(["query", "-f", file, log])
                #expect(result.status == 64, "query \(i): \(result.status)")
                #expect(result.stdout.isEmpty)
                #expect(result.stderrLines.last?.hasPrefix("query:1:") == true, "query \(i)")
                #expect(result.stderrLines.last?.contains("(query too deeply nested)") == true, "query \(i)")
            }
        }
    }

    @Test("trace --format json over a 50,000-deep parent chain finishes and writes valid, fully nested JSON", .enabled(if: Py.isAvailable))
    func deepTraceJSON() throws {
        try TempDir.with { directory in
            let depth = 50_000
            let trace = Self.traceID(7)
            var text = #"{"id":"\#(String(format: "%016x", 1))","name":"root","start_time":1714564800.0,"end_time":1714564900.0,"trace_id":"\#(trace)"}"# + "\n"
            text.reserveCapacity(depth * 200)
            for i in 2...depth {
                text += #"{"id":"\#(String(format: "%016x", i))","parent_id":"\#(String(format: "%016x", i - 1))","type":"subsegment","name":"s\#(i)","start_time":\#(1714564800 + Double(i) * 1e-4),"end_time":\#(1714564900 - Double(i) * 1e-4),"trace_id":"\#(trace)"}"# + "\n"
            }
            let path = try directory.write("chain.jsonl", text)
            let output = directory.path("chain.json")
            let result = try SiftProcess.shell(#""$SIFT" trace --format json \#(trace) '\#(path)' > '\#(output)'"#)
            #expect(result.status == 0, "\(result.stderr.prefix(2_000))")
            let check = try Py.run("""
                import json, sys, threading
                sys.setrecursionlimit(1_000_000)
                threading.stack_size(1 << 29)
                def main():
                    document = json.load(open(sys.argv[1] if len(sys.argv) > 1 else '\(output)'))
                    node, depth = document['spans'][0], 0
                    while node['children']:
                        node, depth = node['children'][0], depth + 1
                    print(depth, node['depth'], node['name'])
                thread = threading.Thread(target=main)
                thread.start()
                thread.join()
                """)
            #expect(String(decoding: check, as: UTF8.self) == "\(depth - 1) \(depth - 1) s\(depth)\n")
        }
    }
}
