import SiftFormats
import Testing

@Suite struct FormatDetectorTests {
    private func detect(_ text: String, path: String = "") -> FormatDetector.Detection {
        Array(text.utf8).withUnsafeBytes { FormatDetector.detect(prefix: $0, path: path) }
    }

    private func detect(bytes: [UInt8], path: String = "") -> FormatDetector.Detection {
        bytes.withUnsafeBytes { FormatDetector.detect(prefix: $0, path: path) }
    }

    @Test("each JSON shape maps to its format", arguments: [
        (#"{"trace_id":"1-a-b","id":"x","start_time":1}"#, InputFormat.xrayJSONL),
        (#"[{"trace_id":"1-a-b","id":"x","start_time":1}]"#, .xrayJSONL),
        ("{\"format\":\"json\",\"version\":1}\n{\"trace_id\":\"1\",\"id\":\"x\",\"start_time\":1}", .xrayDaemon),
        (#"{"Traces":[{"Id":"1","Segments":[]}]}"#, .xrayBatchGetTraces),
        (#"{"responses":[{"Traces":[]}]}"#, .xrayBatchGetTraces),
        (#"{"TraceSummaries":[]}"#, .xrayTraceSummaries),
        (#"{"messageType":"DATA_MESSAGE","logGroup":"g","logEvents":[]}"#, .cloudWatchSubscription),
        (#"{"awslogs":{"data":"H4sIAAAA"}}"#, .lambdaLogsEvent),
        (#"{"Records":[{"kinesis":{"data":"H4sI"}}]}"#, .kinesisLogsEvent),
        (#"{"invocationId":"i","records":[{"recordId":"1","data":"H4sIAAAAAAAA"}]}"#, .firehoseLogsEvent),
        (#"{"invocationId":"i","records":[{"recordId":"1","data":"eJzLSM3JyVcozy/KSQEAGgQEXQ=="}]}"#, .firehoseLogsEvent),
        (#"{"events":[{"timestamp":1,"message":"m"}],"searchedLogStreams":[]}"#, .logEventsJSON),
        (#"{"status":"Complete","results":[[{"field":"@message","value":"x"}]]}"#, .insightsResults),
        (#"{"resourceSpans":[]}"#, .otlpJSON),
        (#"{"_aws":{"Timestamp":1,"CloudWatchMetrics":[]},"Latency":1}"#, .emfJSON),
        (#"{"hello":"world"}"#, .otherJSON),
        ("2024-05-01T12:00:00.000Z GET / 200\n", .cloudWatchExport),
        ("hello world\n", .unknown),
    ])
    func shapes(text: String, format: InputFormat) {
        #expect(detect(text).format == format, "\(text)")
    }

    @Test("a Firehose event whose records are plain text is JSON, not CloudWatch Logs")
    func firehosePlainText() {
        let event = #"{"invocationId":"i","deliveryStreamArn":"arn","records":[{"recordId":"r1","data":"SGVsbG8gV29ybGQ="}]}"#
        let detection = detect(event)
        #expect(detection.format == .otherJSON)
        #expect(detection.reason == "Firehose records of plain text, not CloudWatch Logs")
        let unpadded = #"{"invocationId":"i","records":[{"data":"eyJIZWxsbyI6ICJXb3JsZCJ9"}]}"#
        #expect(detect(unpadded).format == .otherJSON)
        let empty = #"{"invocationId":"i","records":[{"data":""}]}"#
        #expect(detect(empty).format == .otherJSON)
    }

    @Test("a prefix cut inside the first value still classifies")
    func cutPrefix() {
        let document = #"{"trace_id":"1-a-b","id":"x","start_time":1.5,"subsegments":[{"id":"y","name":"a very long name"}]}"#
        for cut in 43..<document.utf8.count {
            let prefix = String(document.utf8.prefix(cut))!
            #expect(detect(prefix).format == .xrayJSONL, "cut at \(cut)")
        }
    }

    @Test("empty, blank, BOM-only, binary and broken inputs are unknown with a reason")
    func unknownInputs() {
        #expect(detect("").format == .unknown)
        #expect(detect("").reason == "empty")
        #expect(detect(" \n\t\r\n").reason == "empty")
        #expect(detect(bytes: [0xEF, 0xBB, 0xBF]).reason == "empty")
        #expect(detect(bytes: [0x01, 0x02, 0x00, 0x7F, 0x10, 0x11]).reason == "binary data")
        #expect(detect("plain text\nwithout timestamps\n").reason == "text without timestamps")
        let broken = detect(#"{"a": 1,, "b": 2}"#)
        #expect(broken.format == .unknown)
        #expect(broken.reason.hasPrefix("invalid JSON at byte "))
        #expect(detect("", path: "x/aws-logs-write-test").reason == "empty")
        #expect(detect("Permission Check Successful", path: "x/aws-logs-write-test").reason == "S3 export permission probe")
    }

    @Test("a UTF-8 byte order mark before JSON is ignored")
    func byteOrderMark() {
        #expect(detect(bytes: [0xEF, 0xBB, 0xBF] + Array(#"{"resourceLogs":[]}"#.utf8)).format == .otlpJSON)
    }

    @Test("export timestamps need milliseconds, Z and a space")
    func exportTimestamp() {
        func starts(_ s: String) -> Bool { Array(s.utf8).withUnsafeBytes { FormatDetector.startsWithExportTimestamp($0) } }
        #expect(starts("2024-05-01T12:00:00.000Z x"))
        #expect(!starts("2024-05-01T12:00:00.000Z"))
        #expect(!starts("2024-05-01 12:00:00.000Z x"))
        #expect(!starts("2024-05-01T12:00:00Z xxxxxx"))
        #expect(!starts("2024-05-01T12:00:00.000+ x"))
    }
}
