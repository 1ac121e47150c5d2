import Foundation
import SiftTestSupport
import Testing

/// What `--format` and `--wide` print: JSON that keeps structure, one CSV line ending, and tables
/// fitted to a terminal (never to a pipe).
@Suite struct OutputRenderingTests {
    /// Two EMF records whose dimensions print the same `k=v,...` text: `Route` = `/a,Method=GET`
    /// alone, and `Route` = `/a` with `Method` = `GET`.
    static let ambiguousEMF: [UInt8] = Array(("""
        {"_aws":{"Timestamp":1717200000000,"CloudWatchMetrics":[{"Namespace":"Shop/API","Dimensions":[["Route"]],"Metrics":[{"Name":"Latency","Unit":"Milliseconds"}]}]},"Route":"/a,Method=GET","Latency":5}
        {"_aws":{"Timestamp":1717200001000,"CloudWatchMetrics":[{"Namespace":"Shop/API","Dimensions":[["Route","Method"]],"Metrics":[{"Name":"Latency","Unit":"Milliseconds"}]}]},"Route":"/a","Method":"GET","Latency":7}

        """).utf8)

    static let corpusEMF = Fixtures.local("corpus/cwlogs")

    /// The `dimensions` member of each JSON line, as raw text, and parsed.
    static func dimensions(_ result: SiftProcess.Result) throws -> (raw: [String], parsed: [[String: String]]) {
        var raw: [String] = [], parsed: [[String: String]] = []
        for line in result.stdoutLines {
            let text = String(line)
            let start = try #require(text.range(of: #""dimensions":"#)).upperBound
            let end = try #require(text[start...].firstIndex(of: "}"))
            raw.append(String(text[start...end]))
            let row = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            parsed.append(try #require(row["dimensions"] as? [String: String], "dimensions is not an object: \(text)"))
        }
        return (raw, parsed)
    }

    @Test("metrics --format json: dimensions are an object, keys in the record's dimension order")
    func metricsJSONDimensions() throws {
        let result = try SiftProcess.run(["metrics", "--format", "json"], stdin: Self.ambiguousEMF)
        #expect(result.status == 0, "\(result.stderr)")
        // Two streams (their `k=v,...` texts are equal, so they are ordered by their pairs).
        let dims = try Self.dimensions(result)
        #expect(dims.raw == [#"{"Route":"/a","Method":"GET"}"#, #"{"Route":"/a,Method=GET"}"#])
        #expect(dims.parsed == [["Route": "/a", "Method": "GET"], ["Route": "/a,Method=GET"]])

        let corpus = try SiftProcess.run(["metrics", "--format", "json", Self.corpusEMF])
        #expect(corpus.status == 0)
        #expect(corpus.stdout.contains(#""dimensions":{"Service":"catalog-api","Route":"/products"},"#))
        #expect(!corpus.stdout.contains(#""dimensions":""#))
    }

    @Test("metrics stats --format json: dimensions are an object, keys in the record's dimension order")
    func metricStatsJSONDimensions() throws {
        let arguments = ["metrics", "stats", "--namespace", "Shop/API", "--metric", "Latency", "--stat", "SampleCount", "--format", "json"]
        let result = try SiftProcess.run(arguments, stdin: Self.ambiguousEMF)
        #expect(result.status == 0, "\(result.stderr)")
        let dims = try Self.dimensions(result)
        #expect(dims.raw == [#"{"Route":"/a","Method":"GET"}"#, #"{"Route":"/a,Method=GET"}"#])

        let corpus = try SiftProcess.run(Array(arguments.dropLast(2)) + ["--format", "json", Self.corpusEMF])
        #expect(corpus.status == 0)
        #expect(corpus.stdout.contains(#""dimensions":{"Service":"catalog-api","Route":"/products"},"#))
    }

    @Test("metrics and metrics stats keep k=v,... dimensions in table and CSV")
    func metricsTextDimensions() throws {
        let stats = ["metrics", "stats", "--namespace", "Shop/API", "--metric", "Latency", "--stat", "SampleCount"]
        for command in [["metrics"], stats] {
            let table = try SiftProcess.run(command + [Self.corpusEMF])
            #expect(table.stdoutLines.contains { $0.contains("  Service=catalog-api,Route=/products  ") }, "\(command)")
            let csv = try SiftProcess.run(command + ["--format", "csv", Self.corpusEMF])
            #expect(csv.stdoutLines.contains { $0.contains(#","Service=catalog-api,Route=/products","#) }, "\(command)")
            let ambiguous = try SiftProcess.run(command + ["--format", "csv"], stdin: Self.ambiguousEMF)
            #expect(ambiguous.stdoutLines.filter { $0.contains(#""Route=/a,Method=GET""#) }.count == 2, "\(command)")
        }
    }

    @Test("CSV from the CLI ends every line in LF, never CRLF", arguments: [["detect"], ["endpoints"], ["metrics"]])
    func csvLineEnding(_ command: [String]) throws {
        let path = command == ["metrics"] ? Self.corpusEMF : Fixtures.local("corpus/xray/jsonl")
        let result = try SiftProcess.run(command + ["--format", "csv", path])
        #expect(result.status == 0)
        #expect(!result.stdoutBytes.isEmpty)
        #expect(!result.stdoutBytes.contains(0x0D))
        #expect(result.stdoutBytes.last == 0x0A)
    }

    @Test("piped table output is never cut, with or without --wide; --help documents --wide")
    func pipedTablesAreWhole() throws {
        let plain = try SiftProcess.run(["detect", Self.corpusEMF])
        let wide = try SiftProcess.run(["detect", "--wide", Self.corpusEMF])
        #expect(plain.status == 0)
        #expect(plain.stdoutBytes == wide.stdoutBytes)
        #expect(!plain.stdout.contains("…"))
        #expect(plain.stdoutLines.contains { $0.count > 200 })
        let help = try SiftProcess.run(["detect", "--help"])
        #expect(help.stdout.contains("--wide"))
    }

    @Test("on a terminal, tables are cut with … to its width; --wide prints them whole",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func terminalTablesAreFitted() throws {
        // `script` gives sift a pseudo-terminal; `stty` sets its width (the ioctl sift reads).
        func onTerminal(_ arguments: String) throws -> [Substring] {
            let result = try SiftProcess.shell("script -qec 'stty cols 100; \"$SIFT\" \(arguments) \"\(Self.corpusEMF)\"' /dev/null")
            #expect(result.status == 0, "\(result.stderr)")
            return result.stdout.replacingOccurrences(of: "\r", with: "").split(separator: "\n")
        }
        let fitted = try onTerminal("detect")
        #expect(fitted.count > 3)
        #expect(fitted.allSatisfy { $0.unicodeScalars.count <= 100 }, "\(fitted)")
        #expect(fitted.dropFirst(2).allSatisfy { $0.contains("…") })
        let whole = try onTerminal("detect --wide")
        #expect(whole.contains { $0.unicodeScalars.count > 100 })
        #expect(!whole.contains { $0.contains("…") })
    }
}
