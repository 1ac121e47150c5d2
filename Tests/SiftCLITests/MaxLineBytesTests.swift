import Foundation
import SiftTestSupport
import Testing

/// `--max-line-bytes` is one limit for every command and every input format: a record longer than
/// it is skipped, counted and located, and the records around it survive. (`detect` used to build
/// its CloudWatch reader without the limit.)
@Suite struct MaxLineBytesTests {
    /// One input of each framing family, each with one record of about 2,000 bytes among short ones.
    static let inputs: [(name: String, text: String, commands: [[String]])] = {
        let pad = String(repeating: "x", count: 2_000)
        let segment = CLIFixtures.segmentLine
        let xray = segment(1) + segment(2).replacingOccurrences(of: #""name": "big-api""#, with: #""name": "\#(pad)""#) + segment(3)
        let daemon = #"{"format": "json", "version": 1}"# + "\n" + segment(1) + #"{"format": "json", "version": 1}"# + "\n"
            + segment(2).replacingOccurrences(of: #""name": "big-api""#, with: #""name": "\#(pad)""#)
        let export = "2024-06-01T00:00:00.000Z INFO first\n2024-06-01T00:00:01.000Z INFO \(pad)\n2024-06-01T00:00:02.000Z INFO third\n"
        func event(_ i: Int, _ message: String) -> String {
            #"{"logStreamName":"s","timestamp":\#(1717200000000 + i),"message":"\#(message)","ingestionTime":\#(1717200000500 + i),"eventId":"\#(i)"}"#
        }
        let events = #"{"events":["# + [event(1, "first"), event(2, pad), event(3, "third")].joined(separator: ",") + "]}\n"
        let subscription = [1, 2, 3].map { i in
            #"{"messageType":"DATA_MESSAGE","owner":"1","logGroup":"g","logStream":"s","subscriptionFilters":["f"],"logEvents":[{"id":"\#(i)","timestamp":\#(1717200000000 + i),"message":"\#(i == 2 ? pad : "m")"}]}"#
        }.joined()
        func emf(_ i: Int, _ extra: String) -> String {
            #"{"_aws":{"Timestamp":\#(1717200000000 + i),"CloudWatchMetrics":[{"Namespace":"N","Dimensions":[["Route"]],"Metrics":[{"Name":"Latency","Unit":"Milliseconds"}]}]},"Route":"/\#(extra)","Latency":\#(i)}"# + "\n"
        }
        let metrics = emf(1, "a") + emf(2, pad) + emf(3, "c")
        let spanReports = [["detect"], ["cat"], ["endpoints"], ["sql"], ["errors"], ["traces"], ["query", "stats count(*)"]]
        let logReports = [["detect"], ["cat"], ["logs"], ["metrics"], ["emf", "validate"], ["query", "stats count(*)"]]
        return [
            ("segments.jsonl", xray, spanReports),
            ("capture.udp", daemon, spanReports),
            ("exportedlogs/task/stream/000000", export, logReports),
            ("filter-log-events.json", events, logReports),
            ("firehose-object", subscription, logReports),
            ("metrics.jsonl", metrics, [["detect"], ["cat"], ["metrics"], ["emf", "validate"], ["query", "stats count(*)"]]),
        ]
    }()

    @Test("every command skips and counts a record over --max-line-bytes in every input format, and reads the rest")
    func limitEverywhere() throws {
        try TempDir.with { directory in
            for input in Self.inputs {
                let url = URL(fileURLWithPath: try directory.write(input.name, input.text))
                for command in input.commands {
                    let limited = try SiftProcess.run(command + ["--max-line-bytes", "1000", "--stats", url.path])
                    let what = "\(command.joined(separator: " ")) on \(input.name)"
                    // emf validate exits 65 when it finds violations; nothing else may fail.
                    #expect(limited.status == 0 || (command.first == "emf" && limited.status == 65), "\(what): \(limited.stderr)")
                    #expect(limited.summaryLine?.hasPrefix("sift: skipped 1 malformed record (1 ") == true, "\(what): \(limited.stderr)")
                    #expect(limited.summaryLine?.contains(input.name) == true, "\(what) names the input: \(limited.stderr)")
                    let whole = try SiftProcess.run(command + ["--stats", url.path])
                    #expect(whole.summaryLine == nil, "\(what) without the limit: \(whole.stderr)")
                    if command == ["detect"] {
                        // The record count drops by exactly the skipped record.
                        let counts = [limited, whole].map { $0.stdoutLines.last?.split(separator: " ", omittingEmptySubsequences: true) }
                        #expect(counts[0] != counts[1], "\(what)")
                    }
                }
            }
        }
    }
}
