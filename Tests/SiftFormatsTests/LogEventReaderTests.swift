import Foundation
import SiftBytes
import SiftFormats
import SiftModel
import SiftTestSupport
import Testing

@Suite struct SDKLogShapeTests {
    static let streamA = "ecs/ogc-features-api/ebd05eb73677a4a5f2df6035d3c17334"
    static let streamB = "ecs/ogc-features-api/946dd889aa84b6d2d53d50bd7b32fabb"

    @Test("S3 export tree yields 3957 events with streams from the key", .enabled(if: Fixtures.sharedPresent))
    func exportTree() throws {
        let logs = try readLogs(Fixtures.shared("sdk/cwlogs/export"), logGroup: "/ecs/ogc-features-api")
        #expect(logs.events.count == 3957)
        #expect(logs.count(stream: Self.streamA) == 2082)
        #expect(logs.count(stream: Self.streamB) == 1875)
        #expect(logs.diagnostics.ignoredByKind["S3 export permission probe"] == 1)
        #expect(logs.diagnostics.skippedCount == 0)
        #expect(logs.events.allSatisfy { $0.group == "/ecs/ogc-features-api" && $0.eventID == nil && $0.location.line != nil })
        #expect(logs.events.first?.timestamp.description == "2026-11-24T18:07:49.882Z")
        #expect(logs.events.first?.message == "INFO:     Started server process [16704]")
    }

    @Test("Firehose objects yield 3957 events; the CONTROL_MESSAGE is ignored", .enabled(if: Fixtures.sharedPresent))
    func firehose() throws {
        let logs = try readLogs(Fixtures.shared("sdk/cwlogs/firehose"))
        #expect(logs.events.count == 3957)
        #expect(logs.count(stream: Self.streamA) == 2082)
        #expect(logs.count(stream: Self.streamB) == 1875)
        #expect(logs.diagnostics.ignoredByKind["CONTROL_MESSAGE"] == 1)
        #expect(logs.diagnostics.skippedCount == 0)
        #expect(logs.events.allSatisfy { $0.group == "/ecs/ogc-features-api" && $0.eventID?.utf8.count == 56 })
        #expect(logs.events.allSatisfy { $0.location.record != nil })
    }

    @Test("filter-log-events.json yields 3957 events with ingestion times and ids", .enabled(if: Fixtures.sharedPresent))
    func filterLogEvents() throws {
        let logs = try readLogs(Fixtures.shared("sdk/cwlogs/filter-log-events.json"))
        #expect(logs.formats == [.logEventsJSON])
        #expect(logs.events.count == 3957)
        #expect(logs.count(stream: Self.streamA) == 2082)
        #expect(logs.count(stream: Self.streamB) == 1875)
        #expect(logs.events.allSatisfy { $0.ingestionTime != nil && $0.eventID?.utf8.count == 56 && $0.group == nil })
    }

    @Test("The three shapes hold the same events", .enabled(if: Fixtures.sharedPresent))
    func sameEvents() throws {
        func key(_ e: LogEvent) -> String { "\(e.timestamp.nanosecondsSinceEpoch) \(e.stream ?? "") \(e.message)" }
        let export = try readLogs(Fixtures.shared("sdk/cwlogs/export")).events.map(key).sorted()
        let firehose = try readLogs(Fixtures.shared("sdk/cwlogs/firehose")).events.map(key).sorted()
        let api = try readLogs(Fixtures.shared("sdk/cwlogs/filter-log-events.json")).events.map(key).sorted()
        #expect(export == api)
        #expect(firehose == api)
    }

    @Test("A Firehose object cut inside a member keeps earlier payloads and names member and offset",
          .enabled(if: Fixtures.sharedPresent))
    func truncatedFirehose() throws {
        let (sources, _) = InputWalker.expand([Fixtures.shared("sdk/cwlogs/firehose")])
        let path = try #require(sources.map(\.name).first { $0.contains("18-09-00") })
        let whole = try readLogs(path)
        var bytes = try Fixtures.bytes(path)
        bytes.removeLast(bytes.count / 3)
        let directory = try TempDir()
        let cut = try readLogs(try directory.write("object", bytes))
        #expect(cut.events.count > 0)
        #expect(cut.events.count < whole.events.count)
        #expect(cut.events == Array(whole.events.prefix(cut.events.count)).map { var e = $0; e.location.source = cut.events[0].location.source; return e })
        let error = try #require(cut.diagnostics.examples.first)
        #expect(error.kind == .input(.truncatedGzip))
        #expect((error.location.member ?? 0) > 1)
        #expect(error.location.byteOffset > 0)
    }
}

@Suite struct PublicLogShapeTests {
    @Test("Lambda awslogs.data (base64 gzip) yields its 2 events", .enabled(if: Fixtures.sharedPresent))
    func lambda() throws {
        for name in ["awslambdago-cloudwatch-logs-event.json", "powertools-py-cloudWatchLogEvent.json"] {
            let logs = try readLogs(Fixtures.shared("public/cwlogs/" + name))
            #expect(logs.formats == [.lambdaLogsEvent])
            #expect(logs.events.count == 2)
            #expect(logs.events.first?.group == "testLogGroup")
            #expect(logs.events.first?.stream == "testLogStream")
            #expect(logs.events.first?.message == "[ERROR] First test message")
            #expect(logs.events.first?.eventID == "eventId1")
        }
    }

    @Test("Kinesis records (base64 gzip) yield their events", .enabled(if: Fixtures.sharedPresent))
    func kinesis() throws {
        let logs = try readLogs(Fixtures.shared("public/cwlogs/powertools-py-kinesisStreamCloudWatchLogsEvent.json"))
        #expect(logs.formats == [.kinesisLogsEvent])
        #expect(logs.events.count == 6)
        #expect(logs.events.allSatisfy { $0.stream?.contains("[$LATEST]") == true && $0.group?.hasPrefix("/aws/lambda/") == true })
        #expect(logs.diagnostics.skippedCount == 0)
    }

    @Test("A Firehose transformation event of plain text is reported as not observability data",
          .enabled(if: Fixtures.sharedPresent))
    func firehoseTransformationOfText() throws {
        let path = Fixtures.shared("public/cwlogs/powertools-py-kinesisFirehosePutEvent.json")
        let detected = try readLogs(path)
        #expect(detected.formats == [.otherJSON])
        #expect(detected.events.isEmpty)
        #expect(detected.diagnostics.skippedByKind["not observability data"] == 1)
        let forced = try readLogs(path, format: .firehoseLogsEvent)
        #expect(forced.events.isEmpty)
        #expect(forced.diagnostics.skippedByKind["not observability data"] == 2)
        let first = try #require(forced.diagnostics.examples.first)
        guard case .notObservabilityData(let detail) = first.kind else {
            Issue.record("expected notObservabilityData, got \(first.kind)")
            return
        }
        #expect(detail.contains("records[0].data holds plain text"))
    }

    @Test("Two payloads on two lines yield 2 events; a CONTROL_MESSAGE alone yields none", .enabled(if: Fixtures.sharedPresent))
    func otelContrib() throws {
        let multiple = try readLogs(Fixtures.shared("public/cwlogs/otelcontrib-awsfirehose-cwlog-multiple_records.jsonl"))
        #expect(multiple.events.map(\.message) == ["Hello world, here is our first log message!", "Hello world, here is our second log message!"])
        #expect(multiple.events.map(\.location.record) == [1, 2])
        let control = try readLogs(Fixtures.shared("public/cwlogs/otelcontrib-awsfirehose-cwlog-only_control.jsonl"))
        #expect(control.events.isEmpty)
        #expect(control.diagnostics.ignoredByKind["CONTROL_MESSAGE"] == 1)
        #expect(control.diagnostics.skippedCount == 0)
        let extracted = try readLogs(Fixtures.shared("public/cwlogs/otelcontrib-awsfirehose-cwlog-two_records_different_extracted_fields.json"))
        #expect(extracted.events.map(\.message) == ["First log from account 111", "Second log from account 222"])
    }
}

@Suite struct BuiltLogShapeTests {
    @Test("A zlib awslogs payload is inflated like gzip")
    func zlibAwslogs() throws {
        let payload = #"{"messageType":"DATA_MESSAGE","owner":"1","logGroup":"/g","logStream":"s","subscriptionFilters":[],"logEvents":[{"id":"1","timestamp":1000,"message":"a \"quoted\" line"},{"id":"2","timestamp":2000,"message":"b"}]}"#
        let encoded = Data(zlibStored(Array(payload.utf8))).base64EncodedString()
        let directory = try TempDir()
        let path = try directory.write("event.json", Array(#"{"awslogs":{"data":"\#(encoded)"}}"#.utf8))
        let logs = try readLogs(path)
        #expect(logs.formats == [.lambdaLogsEvent])
        #expect(logs.events.map(\.message) == [#"a "quoted" line"#, "b"])
        #expect(logs.events.map(\.timestamp.millisecondsSinceEpoch) == [1000, 2000])
        #expect(logs.events.allSatisfy { $0.group == "/g" && $0.stream == "s" })
    }

    @Test("get-log-events responses (appended, no ids or streams) take the given group")
    func getLogEvents() throws {
        let text = """
            {"events":[{"timestamp":1714550400123,"message":"one","ingestionTime":1714550401456}],"nextForwardToken":"f/1","nextBackwardToken":"b/1"}
            {"events":[],"nextForwardToken":"f/1","nextBackwardToken":"b/1"}
            {"events":[{"timestamp":1714550400124,"message":"two\\nlines","ingestionTime":1714550401457}],"NextToken":"x"}
            """
        let directory = try TempDir()
        let logs = try readLogs(try directory.write("pages.json", Array(text.utf8)), logGroup: "/given")
        #expect(logs.formats == [.logEventsJSON])
        #expect(logs.events.map(\.message) == ["one", "two\nlines"])
        #expect(logs.events.allSatisfy { $0.group == "/given" && $0.stream == nil && $0.eventID == nil })
        #expect(logs.events.first?.ingestionTime?.millisecondsSinceEpoch == 1714550401456)
        #expect(logs.diagnostics.skippedCount == 0)
    }

    @Test("Logs Insights rows become events; a row without @message is ignored")
    func insights() throws {
        let text = """
            {"results":[[{"field":"@timestamp","value":"2024-05-01 08:00:00.123"},{"field":"@message","value":"GET /items 200"},
            {"field":"@logStream","value":"api/web/0a1b"},{"field":"@log","value":"123456789012:/ecs/api"},{"value":"CmAK","field":"@ptr"}],
            [{"field":"@timestamp","value":"2024-05-01 08:00:01.000"}]],
            "statistics":{"recordsMatched":2.0},"status":"Running"}
            """
        let directory = try TempDir()
        let logs = try readLogs(try directory.write("insights.json", Array(text.utf8)))
        #expect(logs.formats == [.insightsResults])
        #expect(logs.events.count == 1)
        #expect(logs.events.first?.timestamp.description == "2024-05-01T08:00:00.123Z")
        #expect(logs.events.first?.stream == "api/web/0a1b")
        #expect(logs.events.first?.group == "/ecs/api")
        #expect(logs.diagnostics.ignoredByKind["Logs Insights row without @message"] == 1)
        #expect(logs.diagnostics.notes.keys.contains { $0.contains("Running") })
    }

    @Test("Export lines without a timestamp continue the previous event; invalid UTF-8 is kept")
    func multiLineExport() throws {
        var text = Array("""
            2024-05-01T08:00:00.000Z Traceback (most recent call last):
              File "app.py", line 1, in <module>
            ValueError: boom
            2024-05-01T08:00:00.001Z next\r
            2024-05-01T08:00:00.002Z bad 
            """.utf8)
        text += [0xFF, 0xFE, 0x0A]
        let directory = try TempDir()
        let path = try directory.write("exportedlogs/bdd640fb-0667-4ad1-9c80-317fa3b1799d/2024/05/01/[$LATEST]abc/000000", text)
        let logs = try readLogs(path)
        #expect(logs.formats == [.cloudWatchExport])
        #expect(logs.events.count == 3)
        #expect(logs.events[0].message == "Traceback (most recent call last):\n  File \"app.py\", line 1, in <module>\nValueError: boom")
        #expect(logs.events[1].message == "next")
        #expect(logs.events[2].message == "bad \u{FFFD}\u{FFFD}")
        #expect(logs.events.allSatisfy { $0.stream == "2024/05/01/[$LATEST]abc" })
        #expect(logs.events.map(\.location.line) == [1, 4, 5])
    }

    @Test("The project corpus export tree has truth.json's 775 events")
    func corpus() throws {
        let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Fixtures.local("corpus/truth.json"))))
        let want = try #require(((truth as? [String: Any])?["cwlogs"] as? [String: Any])?["events"] as? Int)
        let logs = try readLogs(Fixtures.local("corpus/cwlogs"))
        #expect(logs.events.count == want)
        #expect(want == 775)
        #expect(logs.diagnostics.skippedCount == 0)
        #expect(logs.events.allSatisfy { $0.stream?.hasPrefix("ecs/") == true })
    }
}

@Suite struct CloudWatchHelperTests {
    @Test("Base64 matches Foundation on every length, with and without padding")
    func base64() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<70 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let encoded = Data(bytes).base64EncodedString()
            var out: [UInt8] = []
            #expect(Array(encoded.utf8).withUnsafeBytes { Base64.decode($0, into: &out) } == nil)
            #expect(out == bytes)
            var unpadded = encoded
            while unpadded.hasSuffix("=") { unpadded.removeLast() }
            #expect(Array(unpadded.utf8).withUnsafeBytes { Base64.decode($0, into: &out) } == nil)
            #expect(out == bytes)
        }
        var out: [UInt8] = []
        #expect(Array("SGVs!bG8=".utf8).withUnsafeBytes { Base64.decode($0, into: &out) } == 4)
    }

    @Test("Export stream names span from the task id to the part file", arguments: [
        ("exportedlogs/bdd640fb-0667-4ad1-9c80-317fa3b1799d/ecs/api/abc/000000.gz", "ecs/api/abc"),
        ("x/bdd640fb-0667-4ad1-9c80-317fa3b1799d/2024/05/01/[$LATEST]0123/000001", "2024/05/01/[$LATEST]0123"),
        ("copied/stream-name/000000.gz", "stream-name"),
    ])
    func streamNames(path: String, stream: String) {
        #expect(ExportKey.streamName(path: path) == stream)
    }
}
