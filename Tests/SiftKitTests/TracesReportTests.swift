import Testing
import SiftKit
import SiftTestSupport

@Suite struct TracesReportTests {
    @Test("Traces and spans of the bundled corpus equal truth.json; the orphan is kept and counted")
    func corpusTruth() throws {
        let truth = try TruthFile(Fixtures.local("corpus/truth.json"))
        let (assembly, run) = assembleTraces(runOptions(Fixtures.local("corpus/xray/jsonl")), TracesReport.Options())
        #expect(Double(assembly.traces.count) == truth.number("xray", "traces"))
        let completeSpans = assembly.traces.reduce(0) { $0 + $1.nodes.filter { !$0.span.inProgress }.count }
        #expect(Double(completeSpans) == truth.number("xray", "spans"))
        #expect(Double(assembly.stats.orphans) >= truth.number("xray", "orphan_subsegments") ?? 1)
        #expect(run.diagnostics.notes.keys.contains { $0.hasPrefix("orphan spans") })
    }

    @Test("The same traces come out whatever the framing and the number of workers")
    func framingsAgree() throws {
        var one = runOptions(Fixtures.local("corpus/xray/udp"))
        one.workers = 1
        let (a, _) = assembleTraces(one, TracesReport.Options())
        let (b, _) = assembleTraces(runOptions(Fixtures.local("corpus/xray/jsonl")), TracesReport.Options())
        #expect(a.traces.map(\.traceID) == b.traces.map(\.traceID))
        #expect(a.traces.map(\.spanCount) == b.traces.map(\.spanCount))
    }

    @Test("A tiny memory budget spills and gives the same traces")
    func spill() throws {
        var small = TracesReport.Options()
        small.memoryBudgetBytes = 1
        let (a, _) = assembleTraces(runOptions(Fixtures.local("corpus/xray/jsonl")), small)
        let (b, _) = assembleTraces(runOptions(Fixtures.local("corpus/xray/jsonl")), TracesReport.Options())
        #expect(a.stats.spilledSpans > 0)
        #expect(Set(a.traces.map(\.traceID)) == Set(b.traces.map(\.traceID)))
    }

    @Test("SDK capture: 1370 traces, 16018 subsegments; the waterfall shows SQL and self time", .enabled(if: Fixtures.sharedPresent))
    func sdkCapture() throws {
        let (assembly, _) = assembleTraces(runOptions(Fixtures.shared("sdk/xray/segments.jsonl")), TracesReport.Options())
        #expect(assembly.traces.count == 1370)
        #expect(assembly.traces.reduce(0) { $0 + $1.nodes.filter { $0.span.kind == .subsegment }.count } == 16018)
        let slowest = assembly.traces.max { ($0.durationNanos ?? 0) < ($1.durationNanos ?? 0) }!
        let text = TraceWaterfall.text(slowest)
        #expect(text.contains("sql: SELECT pg_sleep"))
        #expect(text.contains(slowest.traceID))
        let json = TraceWaterfall.json(slowest)
        #expect(json.contains("\"children\":["))
    }

    @Test("batch-get-traces agrees with the JSONL capture for the traces it holds", .enabled(if: Fixtures.sharedPresent))
    func batchAgrees() throws {
        let (batch, _) = assembleTraces(runOptions(Fixtures.shared("sdk/xray/batch-get-traces.json")), TracesReport.Options())
        let (jsonl, _) = assembleTraces(runOptions(Fixtures.shared("sdk/xray/segments.jsonl")), TracesReport.Options())
        let byID = Dictionary(uniqueKeysWithValues: jsonl.traces.map { ($0.traceID, $0) })
        #expect(batch.traces.count == 163)
        for trace in batch.traces {
            #expect(byID[trace.traceID]?.spanCount == trace.spanCount, "\(trace.traceID)")
            #expect(byID[trace.traceID]?.durationNanos == trace.durationNanos, "\(trace.traceID)")
        }
    }

    @Test("Errors by route: 8 traces with faults on the queryables route, as truth.json says", .enabled(if: Fixtures.sharedPresent))
    func errors() throws {
        let (table, _) = runReport(ErrorsReport(ErrorsReport.Options()), runOptions(Fixtures.shared("sdk/xray/segments.jsonl")))
        let faults = table.records.filter { $0["kind"] == .string("fault") }
        #expect(Set(faults.map { $0["route"]!.stringValue! }) == ["GET /collections/{collection_id}/queryables"])
        // Each faulting trace appears under its ValueError or its UndefinedColumn rows.
        let traces = Set(faults.flatMap { row -> [String] in
            if case .strings(let ids) = row["example_trace_ids"]! { return ids } else { return [] }
        })
        #expect(traces.count <= 8)
        let valueErrors = faults.filter { $0["exception_type"] == .string("ValueError") }.reduce(0) { $0 + Int($1["count"]!.doubleValue!) }
        let undefined = faults.filter { $0["exception_type"] == .string("UndefinedColumn") }.reduce(0) { $0 + Int($1["count"]!.doubleValue!) }
        #expect(valueErrors + undefined == 8)
    }

    @Test("Every public X-Ray file decodes; the invalid one is reported with its location", .enabled(if: Fixtures.sharedPresent))
    func publicFiles() throws {
        let (assembly, run) = assembleTraces(runOptions(Fixtures.shared("public/xray")), TracesReport.Options())
        // Nine documents in four traces: the collector's test files reuse trace and span ids.
        #expect(assembly.traces.count == 4)
        #expect(assembly.stats.duplicates >= 2)
        #expect(run.diagnostics.skippedByKind["missing start_time"] == 1)
        let example = try #require(run.diagnostics.examples.first)
        #expect(example.location.source.hasSuffix("otelcontrib-xray-segmentValidationFailed.json"))
        let ddb = assembly.traces.first { $0.nodes.contains { $0.span.aws["operation"] != nil } }
        #expect(ddb != nil)
        let (single, _) = assembleTraces(runOptions(Fixtures.shared("public/xray/otelcontrib-xray-minCauseIsExceptionId.json")), TracesReport.Options())
        let cause = try #require(single.traces.first?.nodes.first?.span.cause)
        #expect(cause == .exceptionID("abcdef0123456789") || { if case .exceptionID = cause { return true } else { return false } }())
    }
}
