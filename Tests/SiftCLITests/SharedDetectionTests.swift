import Foundation
import SiftTestSupport
import Testing

/// `sift detect` over every file of ../shared/fixtures/sdk and ../shared/fixtures/public, with the
/// format each one is (from the sdk README's Files table and public/SOURCES.md).
@Suite struct SharedDetectionTests {
    /// Path under ../shared/fixtures → (format, compression, records). `nil` records: not asserted.
    static let expected: [String: (format: String, compression: String, records: Int?)] = [
        "sdk/README.md": ("unknown", "none", nil),
        "sdk/truth.json": ("json", "none", 1),
        "sdk/package-info.json": ("json", "none", 1),
        "sdk/loadgen/requests.jsonl": ("json", "none", 1500),
        "sdk/otlp/requests.jsonl": ("json", "none", 500),
        "sdk/otlp/traces.jsonl": ("otlp-json", "none", nil),
        "sdk/xray/segments.jsonl": ("xray-jsonl", "none", 5147),
        "sdk/xray/daemon-udp.capture": ("xray-daemon", "none", 5147),
        "sdk/xray/batch-get-traces.json": ("xray-batch-get-traces", "none", nil),
        "sdk/xray/get-trace-summaries.json": ("xray-trace-summaries", "none", nil),
        "sdk/cwlogs/filter-log-events.json": ("cwlogs-events", "none", nil),
        "sdk/cwlogs/export/aws-logs-write-test": ("unknown", "none", nil),
        "sdk/cwlogs/export/bdd640fb-0667-4ad1-9c80-317fa3b1799d/ecs/ogc-features-api/946dd889aa84b6d2d53d50bd7b32fabb/000000.gz":
            ("cwlogs-export", "gzip", 1875),
        "sdk/cwlogs/export/bdd640fb-0667-4ad1-9c80-317fa3b1799d/ecs/ogc-features-api/ebd05eb73677a4a5f2df6035d3c17334/000000.gz":
            ("cwlogs-export", "gzip", 2082),
        "sdk/cwlogs/export-moto/aws-logs-write-test": ("unknown", "none", nil),
        "sdk/cwlogs/export-moto/exportedlogs/a8c33a98-c129-4261-8026-b3c66e198fdc/ecs-ogc-features-api-946dd889aa84b6d2d53d50bd7b32fabb/000000.gz":
            ("cwlogs-export", "gzip", 1875),
        "sdk/cwlogs/export-moto/exportedlogs/dc379513-0869-47d8-9c46-8e648dfd0598/ecs-ogc-features-api-ebd05eb73677a4a5f2df6035d3c17334/000000.gz":
            ("cwlogs-export", "gzip", 2082),
        "sdk/cwlogs/firehose/2026/11/24/18/ogc-api-logs-1-2026-11-24-18-08-00-23b8c1e9-3924-46de-beb1-3b9046685257":
            ("cwlogs-subscription", "gzip", 186),
        "sdk/cwlogs/firehose/2026/11/24/18/ogc-api-logs-1-2026-11-24-18-09-00-bd9c66b3-ad3c-4d6d-9a3d-1fa7bc8960a9":
            ("cwlogs-subscription", "gzip", 3059),
        "sdk/cwlogs/firehose/2026/11/24/18/ogc-api-logs-1-2026-11-24-18-10-00-972a8469-1641-4f82-8b9d-2434e465e150":
            ("cwlogs-subscription", "gzip", 712),

        // Records: documents for X-Ray inputs, log events for CloudWatch Logs inputs, values otherwise.
        "public/SOURCES.md": ("unknown", "none", nil),
        "public/cwlogs/awslambdago-cloudwatch-logs-event.json": ("cwlogs-lambda-event", "none", 2),
        "public/cwlogs/powertools-py-cloudWatchLogEvent.json": ("cwlogs-lambda-event", "none", 2),
        "public/cwlogs/powertools-py-kinesisStreamCloudWatchLogsEvent.json": ("cwlogs-kinesis-event", "none", 6),
        // A Firehose transformation envelope whose records are plain text: not CloudWatch Logs.
        "public/cwlogs/powertools-py-kinesisFirehosePutEvent.json": ("json", "none", 1),
        "public/cwlogs/otelcontrib-awsfirehose-cwlog-multiple_records.jsonl": ("cwlogs-subscription", "none", 2),
        "public/cwlogs/otelcontrib-awsfirehose-cwlog-only_control.jsonl": ("cwlogs-subscription", "none", 0),
        "public/cwlogs/otelcontrib-awsfirehose-cwlog-two_records_different_extracted_fields.json": ("cwlogs-subscription", "none", 2),
        "public/emf/otelcontrib-awsemfexporter-testTranslateCWMetricToEMF.json": ("emf", "none", 1),
        "public/emf/powertools-py-add_metadata_output.json": ("emf", "none", 1),
        "public/emf/powertools-py-add_multi_value_metrics_output.json": ("emf", "none", 1),
        "public/emf/powertools-py-capture_cold_start_metric_output.json": ("emf", "none", 1),
        "public/emf/powertools-py-log_metrics_output.json": ("emf", "none", 1),
        "public/emf/powertools-py-single_metric_output.json": ("emf", "none", 1),
        "public/emf/powertools-ts-addMetadataLog.json": ("emf", "none", 1),
        "public/otlp/otelproto-examples-trace.json": ("otlp-json", "none", 1),
        "public/otlp/otelproto-examples-logs.json": ("otlp-json", "none", 1),
        "public/otlp/otelproto-examples-metrics.json": ("otlp-json", "none", 1),
        "public/xray/otelcontrib-xray-ddbSample.json": ("xray-jsonl", "none", 1),
        "public/xray/otelcontrib-xray-minInProgress.json": ("xray-jsonl", "none", 1),
        "public/xray/otelcontrib-xray-indepSubsegment.json": ("xray-jsonl", "none", 1),
        "public/xray/otelcontrib-xray-indepSubsegmentWithSql.json": ("xray-jsonl", "none", 1),
        "public/xray/otelcontrib-xray-indepSubsegmentWithLocalNamespace.json": ("xray-jsonl", "none", 1),
        "public/xray/otelcontrib-xray-minCauseIsExceptionId.json": ("xray-jsonl", "none", 1),
        "public/xray/otelcontrib-xray-minOtherFields.json": ("xray-jsonl", "none", 1),
        "public/xray/otelcontrib-xray-segmentValidationFailed.json": ("xray-jsonl", "none", 1),
        "public/xray/otelcontrib-xray-awsValidAwsFields.json": ("xray-jsonl", "none", 1),
    ]

    @Test("detect classifies every shared fixture", .enabled(if: Fixtures.sharedPresent))
    func classifiesEverySharedFixture() throws {
        let result = try SiftProcess.run(["detect", "--format", "json", "sdk", "public"], directory: Fixtures.shared)
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        var seen: Set<String> = []
        for line in result.stdoutLines {
            let row = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let path = try #require(row["path"] as? String)
            seen.insert(path)
            guard let want = Self.expected[path] else {
                Issue.record("no expectation for \(path) (\(row["format"] ?? "?")): add it to the table")
                continue
            }
            #expect(row["format"] as? String == want.format, "\(path): \(row["reason"] ?? "")")
            #expect(row["compression"] as? String == want.compression, "\(path)")
            if let records = want.records { #expect(row["records"] as? Int == records, "\(path)") }
        }
        #expect(seen == Set(Self.expected.keys), "missing: \(Set(Self.expected.keys).subtracting(seen).sorted())")
    }

    @Test("the Firehose envelope of plain text says why it is not log data", .enabled(if: Fixtures.sharedPresent))
    func firehosePlainTextReason() throws {
        let path = Fixtures.shared("public/cwlogs/powertools-py-kinesisFirehosePutEvent.json")
        let result = try SiftProcess.run(["detect", "--format", "csv", path])
        #expect(result.stdoutLines.last?.hasSuffix(#","Firehose records of plain text, not CloudWatch Logs""#) == true)
    }

    @Test("cat over the SDK X-Ray capture prints every document", .enabled(if: Fixtures.sharedPresent))
    func catCapture() throws {
        let result = try SiftProcess.run(["cat", "--stats", Fixtures.shared("sdk/xray/daemon-udp.capture")])
        #expect(result.status == 0)
        #expect(result.stdoutLines.count == 5147)
        #expect(result.stderr.contains("sift: stats: format xray-daemon: 1 input, 5147 records"))
        #expect(result.summaryLine == nil)
    }
}
