import Testing
import SiftModel
import SiftTestSupport
@testable import SiftTraces

@Suite struct TraceAssemblerTests {
    func assemble(_ spans: [Span], budget: Int? = nil) throws -> ([Trace], AssemblyStats) {
        var assembler = TraceAssembler(memoryBudgetBytes: budget)
        for s in spans { assembler.add(s) }
        let traces = try assembler.finish()
        return (traces, assembler.stats)
    }

    @Test("Tree shape, depth-first order, self times and root service")
    func shape() throws {
        let (traces, stats) = try assemble(sampleSpans())
        #expect(traces.map(\.traceID) == ["1-00000001-000000000000000000000001", "1-00000002-000000000000000000000002"])
        let t = traces[0]
        #expect(t.nodes.map(\.span.id) == ["a", "b", "d", "c", "e", "f"])
        #expect(t.nodes.map(\.depth) == [0, 1, 2, 1, 2, 3])
        #expect(t.roots == [0])
        #expect(Array(t.children(of: 0)) == [1, 3])
        #expect(t.subtree(of: 3) == 3...5)
        #expect(t.nodes[4].parent == 3)
        #expect(t.rootService == "api")
        #expect(t.durationNanos == 100_000_000)
        #expect(t.spanCount == 6)
        #expect(t.hasFault && !t.hasError && !t.hasThrottle)
        // a: 100 - union([10,40],[30,60]) = 100 - 50
        #expect(t.nodes[0].selfNanos == 50_000_000)
        #expect(t.nodes[3].selfNanos == 2_000_000)  // c: 30 ms minus its child e (28 ms)
        #expect(t.nodes[5].selfNanos == 15_000_000)
        #expect(stats.traces == 2 && stats.orphans == 1 && stats.spansIn == 8)
    }

    @Test("Shuffled arrival orders give identical traces")
    func shuffled() throws {
        var spans = sampleSpans()
        spans.append(span("a", trace: "1-00000001-000000000000000000000001", kind: .segment, start: 0, end: nil, name: "api"))
        spans.append(spans[2])
        let (reference, referenceStats) = try assemble(spans)
        var rng = SplitMix(state: 1)
        for _ in 0..<50 {
            spans.shuffle(using: &rng)
            let (traces, stats) = try assemble(spans)
            #expect(traces == reference)
            #expect(stats == referenceStats)
        }
    }

    @Test("A complete version replaces an in-progress one; duplicates are counted")
    func dedupe() throws {
        var conflicting = span("s", start: 0, end: 15)
        conflicting.name = "later"
        let spans = [
            span("r", kind: .segment, start: 0, end: nil),
            span("r", kind: .segment, start: 0, end: 20),
            span("r", kind: .segment, start: 0, end: nil),
            span("s", parent: "r", start: 0, end: 10),
            span("s", parent: "r", start: 0, end: 10),
            conflicting,
        ]
        let (traces, stats) = try assemble(spans)
        let t = try #require(traces.first)
        #expect(t.spanCount == 2)
        #expect(t.nodes[0].durationNanos == 20_000_000)
        #expect(t.nodes[1].span.name == "later")  // the later-ending complete version wins
        #expect(stats.inProgressReplaced == 2)
        #expect(stats.duplicates == 2)
        #expect(stats.conflictingDuplicates == 2)
        #expect(stats.inProgressNeverCompleted == 0)
    }

    @Test("In-progress spans keep a nil duration and are counted")
    func inProgress() throws {
        let (traces, stats) = try assemble([span("r", kind: .segment, start: 0, end: 50), span("s", parent: "r", start: 10, end: nil)])
        #expect(traces[0].nodes[1].durationNanos == nil)
        #expect(traces[0].nodes[1].selfNanos == nil)
        #expect(traces[0].nodes[0].selfNanos == 50_000_000)  // an open child does not subtract
        #expect(stats.inProgressNeverCompleted == 1)
    }

    @Test("Orphans become extra roots and are counted")
    func orphans() throws {
        let (traces, stats) = try assemble([
            span("r", kind: .segment, start: 0, end: 50),
            span("o1", parent: "gone", start: 5, end: 6),
            span("o2", parent: "gone", start: 7, end: 8),
            span("k", parent: "o2", start: 7, end: 8),
        ])
        let t = traces[0]
        #expect(t.roots.count == 3)
        #expect(t.orphanCount == 2)
        #expect(t.nodes.filter(\.isOrphan).map(\.span.id) == ["o1", "o2"])
        #expect(stats.orphans == 2)
    }

    @Test("Clock skew is tolerated and counted per trace")
    func skew() throws {
        let (traces, stats) = try assemble([
            span("r", kind: .segment, start: 10, end: 50),
            span("early", parent: "r", start: 5, end: 20),
            span("late", parent: "r", start: 40, end: 70),
            span("fine", parent: "r", start: 20, end: 30),
        ])
        #expect(traces[0].skewedSpans == 2)
        #expect(stats.skewedSpans == 2)
        // children clipped to [10, 50]: [10,20] [20,30] [40,50] cover 30
        #expect(traces[0].nodes[0].selfNanos == 10_000_000)
        #expect(traces[0].start == Timestamp(millisecondsSinceEpoch: 5))
        #expect(traces[0].end == Timestamp(millisecondsSinceEpoch: 70))
    }

    @Test("Parent cycles are cut, never loop")
    func cycles() throws {
        let (traces, stats) = try assemble([
            span("a", parent: "c", start: 0, end: 10),
            span("b", parent: "a", start: 1, end: 9),
            span("c", parent: "b", start: 2, end: 8),
            span("self", parent: "self", start: 3, end: 4),
        ])
        let t = traces[0]
        #expect(t.spanCount == 4)
        #expect(t.nodes.map(\.span.id) == ["a", "b", "c", "self"])
        #expect(stats.cyclesBroken == 1)
        #expect(t.orphanCount == 2)
    }

    @Test("Spilling with a tiny budget gives the same traces as in memory")
    func spill() throws {
        var rng = SplitMix(state: 9)
        var spans: [Span] = []
        for t in 0..<300 {
            let trace = "1-\(String(t, radix: 16))-abc"
            spans.append(span("root\(t)", trace: trace, kind: .segment, start: Int64(t), end: Int64(t + 100)))
            for c in 0..<Int.random(in: 0...6, using: &rng) {
                spans.append(span("c\(t)-\(c)", parent: c == 0 ? "root\(t)" : "c\(t)-\(c - 1)", trace: trace, start: Int64(t + c), end: Int64(t + 50)))
            }
            if t % 7 == 0 { spans.append(span("root\(t)", trace: trace, kind: .segment, start: Int64(t), end: nil)) }
        }
        spans.shuffle(using: &rng)
        let (inMemory, memoryStats) = try assemble(spans)
        let (spilled, spillStats) = try assemble(spans, budget: 4096)
        #expect(spillStats.spilledSpans == spans.count)
        #expect(spillStats.spillPartitions > 1)
        #expect(spillStats.spillFailures == 0)
        #expect(spilled.sorted { $0.traceID < $1.traceID } == inMemory.sorted { $0.traceID < $1.traceID })
        var comparable = spillStats
        comparable.spilledSpans = 0
        comparable.spillPartitions = 0
        #expect(comparable == memoryStats)
    }

    @Test("Merging per-worker assemblers equals one assembler")
    func merge() throws {
        let spans = sampleSpans()
        var a = TraceAssembler()
        var b = TraceAssembler(memoryBudgetBytes: 1)
        for (i, s) in spans.enumerated() { if i % 2 == 0 { a.add(s) } else { b.add(s) } }
        b.add(spans[0])  // the same span seen by both workers
        try a.merge(b)
        let merged = try a.finish()
        let (single, _) = try assemble(spans)
        #expect(merged == single)
        #expect(a.stats.spansIn == spans.count + 1)
        #expect(a.stats.duplicates == 1)
    }
}
