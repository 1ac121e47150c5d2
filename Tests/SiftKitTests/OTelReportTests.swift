import Foundation
import SiftKit
import SiftTestSupport
import Testing

/// The span reports over OpenTelemetry inputs: OTLP/JSON files and Transaction Search records
/// (alone or inside an S3 export of the aws/spans log group).
@Suite struct OTelReportTests {
    /// Where ``corpus`` is written (removed when the test process exits).
    static let corpusPath = FileManager.default.temporaryDirectory.appendingPathComponent("sift-otel-corpus-\(getpid())").path

    /// A corpus written by `../shared/tools/gen-corpus --format otlp,aws-spans` at 20 MB (the size the issue asks), once
    /// per test process (`nil` when the tool is absent or fails).
    static let corpus: String? = {
        let tool = Fixtures.shared.deletingLastPathComponent().appendingPathComponent("tools/gen-corpus").path
        guard FileManager.default.isExecutableFile(atPath: tool) else { return nil }
        let out = corpusPath
        try? FileManager.default.removeItem(atPath: out)
        atexit { try? FileManager.default.removeItem(atPath: OTelReportTests.corpusPath) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["--out", out, "--size", "20M", "--seed", "5", "--format", "otlp,aws-spans", "--jobs", "1"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        process.waitUntilExit()
        return process.terminationStatus == 0 ? out : nil
    }()

    /// Endpoint rows by "METHOD route", leaving out `service`.
    func endpoints(_ table: Table, excludingService excluded: String? = nil) -> [String: [String: Table.Value]] {
        var rows: [String: [String: Table.Value]] = [:]
        for row in table.records where row["service"]?.stringValue != excluded {
            let key = "\(row["method"]!.stringValue!) \(row["route"]!.stringValue!)"
            #expect(rows[key] == nil, "one service per route: \(key)")
            rows[key] = row
        }
        return rows
    }

    @Test("gen-corpus: endpoints and SQL from OTLP/JSON and from the aws/spans S3 export equal the otlp truth exactly",
          .enabled(if: Fixtures.sharedPresent))
    func generatedCorpus() throws {
        let root = try #require(Self.corpus, "gen-corpus failed")
        let truth = try TruthFile(root + "/truth.json")
        let wantEndpoints = truth.objects("otlp", "endpoints")
        let wantSQL = folded(truth.objects("otlp", "sql").map { ($0["query"] as! String, $0["count"] as! Double, $0["total_ms"] as! Double) })
        #expect(wantEndpoints.count > 5 && wantSQL.count > 5)
        for input in ["otlp", "cwlogs-spans"] {
            let (table, run) = runReport(EndpointsReport(), runOptions(root + "/" + input))
            #expect(run.diagnostics.skippedCount == 0, "\(input)")
            // The truth leaves out the API gateway's server spans (service shop-gw/prod).
            let rows = endpoints(table, excludingService: "shop-gw/prod")
            #expect(rows.count == wantEndpoints.count, "\(input)")
            for want in wantEndpoints {
                let key = "\(want["method"] as! String) \(want["route"] as! String)"
                guard let got = rows[key] else {
                    Issue.record("\(input): missing endpoint \(key)")
                    continue
                }
                #expect(got["count"]?.doubleValue == want["count"] as? Double, "\(input) \(key)")
                for field in ["p50_ms", "p95_ms", "p99_ms", "max_ms"] {
                    #expect(got[field]?.doubleValue == want[field] as? Double, "\(input) \(key) \(field)")
                }
                let errors = (got["count_4xx"]?.doubleValue ?? 0) + (got["count_5xx"]?.doubleValue ?? 0)
                #expect(errors == want["errors"] as? Double, "\(input) \(key) errors")
            }
            let (sql, _) = runReport(SQLReport(), runOptions(root + "/" + input))
            let got = folded(sql.records.map { ($0["statement"]!.stringValue!, $0["count"]!.doubleValue!, $0["total_ms"]!.doubleValue!) })
            #expect(Set(got.keys) == Set(wantSQL.keys), "\(input)")
            for (key, value) in wantSQL {
                #expect(got[key]?.count == value.count, "\(input) \(key)")
                #expect(abs((got[key]?.total ?? 0) - value.total) < 1e-6, "\(input) \(key)")
            }
        }
    }

    @Test("gen-corpus: OTLP and aws/spans give the same traces, span counts and orphans as the truth", .enabled(if: Fixtures.sharedPresent))
    func generatedTraces() throws {
        let root = try #require(Self.corpus, "gen-corpus failed")
        let truth = try TruthFile(root + "/truth.json")
        for input in ["otlp", "cwlogs-spans"] {
            let (assembly, _) = assembleTraces(runOptions(root + "/" + input))
            #expect(Double(assembly.traces.count) == truth.number("otlp", "traces"), "\(input)")
            #expect(Double(assembly.traces.reduce(0) { $0 + $1.spanCount }) == truth.number("otlp", "spans"), "\(input)")
            #expect(Double(assembly.stats.orphans) == truth.number("otlp", "orphan_spans"), "\(input)")
        }
    }

    @Test("SDK capture (OpenTelemetry flavour): endpoints and SQL equal the otlp truth", .enabled(if: Fixtures.sharedPresent))
    func sdkTruth() throws {
        let truth = try TruthFile(Fixtures.shared("sdk/truth.json"))
        let path = Fixtures.shared("sdk/otlp/traces.jsonl")
        let (table, run) = runReport(EndpointsReport(), runOptions(path))
        #expect(run.diagnostics.skippedCount == 0)
        let rows = endpoints(table)
        for want in truth.objects("otlp", "endpoints") where want["route"] as? String != "UNMATCHED" {
            let key = "\(want["method"] as! String) \(want["route"] as! String)"
            let got = try #require(rows[key], "\(key)")
            #expect(got["count"]?.doubleValue == want["count"] as? Double, "\(key)")
            for field in ["p50_ms", "p95_ms", "max_ms"] {
                #expect(abs((got[field]?.doubleValue ?? .nan) - (want[field] as! Double)) <= 0.0005, "\(key) \(field)")
            }
            #expect(got["count_4xx"]?.doubleValue == want["count_4xx"] as? Double, "\(key)")
            #expect(got["count_5xx"]?.doubleValue == want["count_5xx"] as? Double, "\(key)")
        }
        let (sql, _) = runReport(SQLReport(), runOptions(path))
        let got = folded(sql.records.map { ($0["statement"]!.stringValue!, $0["count"]!.doubleValue!, $0["total_ms"]!.doubleValue!) })
        let want = folded(truth.objects("otlp", "sql_statements_by_total_time").map {
            ($0["statement"] as! String, $0["count"] as! Double, $0["total_ms"] as! Double)
        })
        for (key, value) in want {
            #expect(got[key]?.count == value.count, "\(key)")
            #expect(abs((got[key]?.total ?? 0) - value.total) <= 1e-3 * max(1, value.total), "\(key)")
        }
        // The item_assets query runs once per returned item: N+1, joined to its route.
        let assets = sql.records.first { $0["statement"]!.stringValue!.contains("item_assets") }
        #expect(assets?["n_plus_one"] == .bool(true))
        #expect(assets?["routes"] == .strings(["GET /collections/{collection_id}/items"]))
    }

    @Test("SDK capture: server spans without http.route (the capture's UNMATCHED) get their URL path as the route",
          .enabled(if: Fixtures.sharedPresent))
    func unmatched() throws {
        let truth = try TruthFile(Fixtures.shared("sdk/truth.json"))
        let unmatched = try #require(truth.objects("otlp", "endpoints").first { $0["route"] as? String == "UNMATCHED" })
        let (table, _) = runReport(EndpointsReport(), runOptions(Fixtures.shared("sdk/otlp/traces.jsonl")))
        let rows = endpoints(table)
        // The router's 404s for unknown paths: no http.route, the span is named just `GET`, so
        // the route is http.target templated as for X-Ray URLs.
        let paths = ["GET /robots.txt", "GET /wp-login.php", "GET /api/v1/collections"]
        let count = paths.reduce(0.0) { $0 + (rows[$1]?["count"]?.doubleValue ?? 0) }
        let count4xx = paths.reduce(0.0) { $0 + (rows[$1]?["count_4xx"]?.doubleValue ?? 0) }
        #expect(count == unmatched["count"] as? Double)
        #expect(count4xx == unmatched["count_4xx"] as? Double)
        #expect(rows["GET UNMATCHED"] == nil)
    }

    @Test("SDK capture: errors come from exception events and statuses; the ASGI send spans are not flagged",
          .enabled(if: Fixtures.sharedPresent))
    func sdkErrors() throws {
        let (table, _) = runReport(ErrorsReport(), runOptions(Fixtures.shared("sdk/otlp/traces.jsonl")))
        let rows = table.records
        let queryables = rows.filter { $0["route"]?.stringValue == "GET /collections/{collection_id}/queryables" && $0["kind"]?.stringValue == "fault" }
        let types = Set(queryables.compactMap { $0["exception_type"]?.stringValue })
        #expect(types.isSuperset(of: ["sqlalchemy.exc.ProgrammingError", "ValueError", "psycopg2.errors.UndefinedColumn"]))
        // A 404 is one flagged span per trace: the server span.
        let notFound = try #require(rows.first { $0["route"]?.stringValue == "GET /collections/{collection_id}/items/{item_id}" && $0["message"]?.stringValue == "HTTP 404" })
        #expect(notFound["count"] == notFound["spans"])
    }

    @Test("One trace, whatever its shapes: an X-Ray segment and OTel spans of the same trace assemble into one tree")
    func mixedTrace() throws {
        try withTemporaryDirectory { directory in
            let segment = #"{"trace_id":"1-5b8efff7-98038103d269b633813fc60c","id":"eee19b7ec3c1b174","name":"edge","start_time":1714556800.1,"end_time":1714556800.2,"http":{"request":{"method":"GET","url":"https://x/items/1"},"response":{"status":200}}}"#
            let otlp = #"""
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"items"}}]},"scopeSpans":[{"spans":[
                 {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"aaaaaaaaaaaaaaaa","parentSpanId":"eee19b7ec3c1b174","name":"GET /items/{id}","kind":2,
                  "startTimeUnixNano":"1714556800110000000","endTimeUnixNano":"1714556800190000000",
                  "attributes":[{"key":"http.request.method","value":{"stringValue":"GET"}},{"key":"http.route","value":{"stringValue":"/items/{id}"}}]},
                 {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"bbbbbbbbbbbbbbbb","parentSpanId":"aaaaaaaaaaaaaaaa","name":"SELECT items","kind":3,
                  "startTimeUnixNano":"1714556800120000000","endTimeUnixNano":"1714556800130000000",
                  "attributes":[{"key":"db.system","value":{"stringValue":"postgresql"}},{"key":"db.statement","value":{"stringValue":"SELECT * FROM items"}}]}]}]}]}
                """#.replacingOccurrences(of: "\n", with: "")
            let xray = directory.appendingPathComponent("segments.jsonl").path
            let spans = directory.appendingPathComponent("traces.jsonl").path
            try (segment + "\n").write(toFile: xray, atomically: true, encoding: .utf8)
            try (otlp + "\n").write(toFile: spans, atomically: true, encoding: .utf8)
            let (assembly, _) = assembleTraces(runOptions(xray, spans))
            let trace = try #require(assembly.traces.first)
            #expect(assembly.traces.count == 1)
            #expect(trace.traceID == "1-5b8efff7-98038103d269b633813fc60c")
            #expect(trace.spanCount == 3 && trace.orphanCount == 0)
            #expect(trace.nodes.map(\.depth) == [0, 1, 2])
            #expect(trace.nodes[1].span.name == "items" && trace.nodes[2].span.sql?.sanitizedQuery == "SELECT * FROM items")
            // `sift trace` accepts the OTel form of the id.
            var options = TracesReport.Options()
            options.traceID = "5b8efff798038103d269b633813fc60c"
            let (one, _) = assembleTraces(runOptions(xray, spans), options)
            #expect(one.traces.map(\.spanCount) == [3])
        }
    }

    @Test("The public OTLP examples: the trace example's spans are read; metrics and logs are named, not read", .enabled(if: Fixtures.sharedPresent))
    func publicExamples() throws {
        let (traces, run) = assembleTraces(runOptions(Fixtures.shared("public/otlp/otelproto-examples-trace.json")))
        #expect(run.diagnostics.skippedCount == 0)
        #expect(traces.traces.reduce(0) { $0 + $1.spanCount } >= 1)
        #expect(traces.traces.first?.traceID == "1-5b8efff7-98038103d269b633813fc60c")
        for signal in ["metrics", "logs"] {
            let (_, other) = runReport(EndpointsReport(), runOptions(Fixtures.shared("public/otlp/otelproto-examples-\(signal).json")))
            #expect(other.diagnostics.skippedCount == 0)
            #expect(other.diagnostics.unusedInputs.keys.contains { $0.contains("OTLP/JSON \(signal), not spans") }, "\(other.diagnostics.unusedInputs)")
        }
    }

    @Test("Transaction Search spans as log event messages (filter-log-events output), beside plain and EMF messages")
    func spansInLogEvents() throws {
        let span = #"{"resource":{"attributes":{"service.name":"api"}},"traceId":"6759b1c50e59b643038a6a070e115043","spanId":"2a22ad6d7aeb6ef2","name":"GET /items/{id}","kind":"SERVER","startTimeUnixNano":1733931461640310404,"endTimeUnixNano":1733931462360000208,"attributes":{"http.route":"/items/{id}","http.request.method":"GET","http.response.status_code":500},"status":{"code":"ERROR"}}"#
        func event(_ message: String) -> String {
            let escaped = message.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "{\"timestamp\":1733931462360,\"ingestionTime\":1733931462400,\"message\":\"" + escaped + "\"}"
        }
        let events = [
            event("INFO started"),
            event(#"{"_aws":{"Timestamp":1733931462360,"CloudWatchMetrics":[]},"traceId":"x"}"#),
            event(span),
            event(#"{"traceId":"6759b1c50e59b643038a6a070e115043","spanId":"2a22ad6d7aeb6ef3","name":"no times"}"#),
        ]
        let response = #"{"events":["# + events.joined(separator: ",") + #"],"searchedLogStreams":[]}"#
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("filter-log-events.json").path
            try response.write(toFile: path, atomically: true, encoding: .utf8)
            let (table, run) = runReport(EndpointsReport(), runOptions(path))
            #expect(table.records.count == 1)
            #expect(table.records.first?["route"]?.stringValue == "/items/{id}")
            #expect(table.records.first?["count_5xx"]?.doubleValue == 1)
            #expect(run.diagnostics.skippedByKind == ["missing startTimeUnixNano": 1], "the span without times, located")
            // A log input without spans is named, not silently empty.
            let plain = directory.appendingPathComponent("plain.json").path
            try (#"{"events":["# + events[0] + #"],"searchedLogStreams":[]}"#).write(toFile: plain, atomically: true, encoding: .utf8)
            let (none, other) = runReport(EndpointsReport(), runOptions(plain))
            #expect(none.rows.isEmpty)
            #expect(other.diagnostics.unusedInputs.keys.contains("inputs without X-Ray documents or spans (cwlogs-events)"))
        }
    }

    @Test("zstd-compressed OTLP (the file exporter's compression: zstd) gives the same endpoints as the plain file",
          .enabled(if: Fixtures.sharedPresent && Zstd.isAvailable && FileManager.default.isExecutableFile(atPath: "/usr/bin/zstd")))
    func zstdOTLP() throws {
        try withTemporaryDirectory { directory in
            let plain = Fixtures.shared("sdk/otlp/traces.jsonl")
            let compressed = directory.appendingPathComponent("traces-2024-05-01").path
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/zstd")
            process.arguments = ["-q", "-3", plain, "-o", compressed]
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            let (a, _) = runReport(EndpointsReport(), runOptions(plain))
            let (b, run) = runReport(EndpointsReport(), runOptions(compressed))
            #expect(run.diagnostics.skippedCount == 0)
            #expect(!a.rows.isEmpty && a.rows == b.rows)
        }
    }

    @Test("Query span rows of OTel spans: span_kind, status, scope.name, attributes.*, resource.*", .enabled(if: Fixtures.sharedPresent))
    func queryFields() throws {
        let query = try Query(
            "filter span_kind = 'CLIENT' | stats count(*) as n by status, scope.name, attributes.db.system, resource.service.name")
        let (table, _) = runReport(QueryReport(query), runOptions(Fixtures.shared("sdk/otlp/traces.jsonl")))
        let rows = table.records
        let ok = rows.first { $0["status"]?.stringValue == "UNSET" }
        #expect(ok?["scope.name"]?.stringValue == "opentelemetry.instrumentation.psycopg2")
        #expect(ok?["attributes.db.system"]?.stringValue == "postgresql")
        #expect(ok?["resource.service.name"]?.stringValue == "ogc-features-api")
        #expect(rows.reduce(0) { $0 + ($1["n"]?.doubleValue ?? 0) } == 2701)
        #expect(rows.contains { $0["status"]?.stringValue == "ERROR" })
    }

    func withTemporaryDirectory(_ body: (URL) throws -> Void) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sift-otel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: url) }
        try body(url)
    }
}
