import Foundation
import SiftTestSupport
import Testing

/// OpenTelemetry inputs on the command line: detection, `sift trace` with either id form, and a
/// malformed span located on stderr.
@Suite struct OTelCLITests {
    static let otlpLine = #"{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"items"}}]},"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"aaaaaaaaaaaaaaaa","name":"GET /items/{id}","kind":2,"startTimeUnixNano":"1714556800110000000","endTimeUnixNano":"1714556800190000000","attributes":[{"key":"http.request.method","value":{"stringValue":"GET"}},{"key":"http.route","value":{"stringValue":"/items/{id}"}},{"key":"http.response.status_code","value":{"intValue":"200"}}]},{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"bbbbbbbbbbbbbbbb","parentSpanId":"aaaaaaaaaaaaaaaa","name":"SELECT items","kind":3,"startTimeUnixNano":"1714556800120000000","endTimeUnixNano":"1714556800130000000","attributes":[{"key":"db.system","value":{"stringValue":"postgresql"}},{"key":"db.statement","value":{"stringValue":"SELECT * FROM items WHERE id = 4"}}]},{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"cccccccccccccccc","name":"broken"}]}]}]}"#

    static let spanRecord = #"{"resource":{"attributes":{"service.name":"api"}},"scope":{"name":"s"},"traceId":"6759b1c50e59b643038a6a070e115043","spanId":"2a22ad6d7aeb6ef2","name":"GET /a","kind":"SERVER","startTimeUnixNano":1733931461640310404,"endTimeUnixNano":1733931462360000208,"attributes":{"http.route":"/a","http.request.method":"GET"},"status":{"code":"UNSET"}}"#

    @Test("detect names OTLP/JSON traces and Transaction Search spans")
    func detect() throws {
        try TempDir.with { directory in
            let otlp = directory.path("traces.jsonl")
            let spans = directory.path("spans.jsonl")
            try (Self.otlpLine + "\n").write(toFile: otlp, atomically: true, encoding: .utf8)
            try (Self.spanRecord + "\n" + Self.spanRecord + "\n").write(toFile: spans, atomically: true, encoding: .utf8)
            let result = try SiftProcess.run(["detect", "--format", "json", otlp, spans])
            #expect(result.status == 0)
            #expect(result.stdoutLines.count == 2)
            #expect(result.stdoutLines[0].contains(#""format":"otlp-json""#) && result.stdoutLines[0].contains("OTLP/JSON traces"))
            #expect(result.stdoutLines[1].contains(#""format":"aws-spans""#) && result.stdoutLines[1].contains(#""records":2"#))
            let endpoints = try SiftProcess.run(["endpoints", "--format", "json", spans])
            #expect(endpoints.stdoutLines.count == 1 && endpoints.stdout.contains(#""route":"/a""#) && endpoints.stdout.contains(#""count":2"#))
        }
    }

    @Test("sift trace takes the OTel or the X-Ray form of an id and prints the form given; the bad span is located")
    func traceIDForms() throws {
        try TempDir.with { directory in
            let path = directory.path("traces.jsonl")
            try (Self.otlpLine + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            for id in ["5b8efff798038103d269b633813fc60c", "1-5b8efff7-98038103d269b633813fc60c"] {
                let result = try SiftProcess.run(["trace", id, path])
                #expect(result.status == 0, "\(result.stderr)")
                #expect(result.stdout.hasPrefix("trace \(id)  start 2024-05-01T09:46:40.110000Z"), "\(result.stdout)")
                #expect(result.stdout.contains("items [segment] GET"))
                #expect(result.stdout.contains("sql: SELECT * FROM items WHERE id = 4"))
                // The third span has no times: skipped and located at its own byte.
                let offset = Self.otlpLine.utf8.count - #"{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"cccccccccccccccc","name":"broken"}]}]}]}"#.utf8.count
                #expect(result.summaryLine?.contains("1 missing startTimeUnixNano; first: \(path):1 (byte \(offset))") == true, "\(result.stderr)")
            }
        }
    }
}
