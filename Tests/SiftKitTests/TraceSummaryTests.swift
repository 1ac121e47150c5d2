import Foundation
import SiftKit
import SiftTestSupport
import Testing

@Suite struct TraceSummaryTests {
    @Test("get-trace-summaries: every field of a summary, ISO and epoch start times, several responses")
    func decodesFields() throws {
        let text = #"""
            {"TraceSummaries":[{"Id":"1-5f2aebcc-b475d14618c51eaa28753d37","StartTime":1596648396.5,"Duration":0.25,
              "ResponseTime":0.2,"HasFault":true,"HasError":false,"HasThrottle":false,"IsPartial":true,
              "Http":{"HttpURL":"https://api.example.com/orders/123?x=1","HttpStatus":502,"HttpMethod":"GET"},
              "ServiceIds":[{"Name":"orders","Names":["orders"],"Type":"AWS::ECS::Container"}]}]}
            {"TraceSummaries":[{"Id":"1-5f2aebcc-000000000000000000000001","StartTime":"2020-08-05T17:26:36.500000Z","Duration":1}]}
            """#
        let directory = try TempDir()
        let path = try directory.write("summaries.json", text)
        let (assembly, run) = assembleTraces(RunOptions(paths: [path], workers: 1), TracesReport.Options())
        #expect(run.diagnostics.skippedCount == 0)
        let summaries = assembly.summaries
        #expect(summaries.map(\.id) == ["1-5f2aebcc-b475d14618c51eaa28753d37", "1-5f2aebcc-000000000000000000000001"])
        #expect(summaries[0].hasFault && summaries[0].isPartial && !summaries[0].hasError)
        #expect(summaries[0].httpStatus == 502 && summaries[0].httpMethod == "GET" && summaries[0].services == ["orders"])
        #expect(summaries[0].start == summaries[1].start)
        let table = runReport(TracesReport(), RunOptions(paths: [path], workers: 1)).table
        let row = table.records.first { $0["trace_id"] == .string("1-5f2aebcc-b475d14618c51eaa28753d37") }
        #expect(row?["route"] == .string("/orders/{id}"))
        #expect(row?["duration_ms"] == .double(250))
        #expect(row?["spans"] == .null)
    }

    @Test("The SDK capture's summaries name the same 1,370 traces as its segments", .enabled(if: Fixtures.sharedPresent))
    func sdkSummaries() throws {
        let (summaries, _) = assembleTraces(runOptions(Fixtures.shared("sdk/xray/get-trace-summaries.json")), TracesReport.Options())
        let (segments, _) = assembleTraces(runOptions(Fixtures.shared("sdk/xray/segments.jsonl")), TracesReport.Options())
        #expect(summaries.summaries.count == 1370)
        #expect(Set(summaries.summaries.map(\.id)) == Set(segments.traces.map(\.traceID)))
    }
}
