import Foundation
import SiftModel
import SiftTestSupport
import Testing
@testable import SiftTraces

/// Decodes the real SDK capture with Foundation (test only), one Span per segment or subsegment,
/// nested subsegments flattened with `parentID` = the enclosing node.
func captureSpans() throws -> [Span] {
    let text = try String(contentsOfFile: Fixtures.shared("sdk/xray/segments.jsonl"), encoding: .utf8)
    var spans: [Span] = []
    func nanos(_ any: Any?) -> Timestamp? {
        guard let seconds = (any as? NSNumber)?.doubleValue else { return nil }
        return Timestamp(nanosecondsSinceEpoch: Int64((seconds * 1e6).rounded()) * 1000)
    }
    func visit(_ doc: [String: Any], traceID: String, parentID: String?, kind: Span.Kind) {
        var s = Span(traceID: traceID, id: doc["id"] as! String, parentID: parentID, kind: kind,
                     name: doc["name"] as? String ?? "", start: nanos(doc["start_time"])!, end: nanos(doc["end_time"]))
        s.fault = doc["fault"] as? Bool ?? false
        s.error = doc["error"] as? Bool ?? false
        s.throttle = doc["throttle"] as? Bool ?? false
        spans.append(s)
        for child in doc["subsegments"] as? [[String: Any]] ?? [] {
            visit(child, traceID: traceID, parentID: s.id, kind: .subsegment)
        }
    }
    for line in text.split(separator: "\n") {
        let doc = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        let kind: Span.Kind = doc["type"] as? String == "subsegment" ? .subsegment : .segment
        visit(doc, traceID: doc["trace_id"] as! String, parentID: doc["parent_id"] as? String, kind: kind)
    }
    return spans
}

@Suite struct CaptureTests {
    @Test("Real capture: 1370 traces, 16018 subsegments, one root each", .enabled(if: Fixtures.sharedPresent))
    func realCapture() throws {
        let spans = try captureSpans()
        var assembler = TraceAssembler()
        for s in spans { assembler.add(s) }
        let traces = try assembler.finish()
        #expect(traces.count == 1370)
        let subsegments = traces.reduce(0) { $0 + $1.nodes.filter { $0.span.kind == .subsegment }.count }
        #expect(subsegments == 16018)
        for trace in traces where trace.orphanCount == 0 {
            #expect(trace.roots.count == 1, "\(trace.traceID)")
        }
        #expect(assembler.stats.orphans == 0)
        #expect(traces.allSatisfy { $0.rootService != nil })
        let largest = try #require(traces.first { $0.traceID == "1-6b05d27e-f9280eaccf273a23e8266ed0" })
        #expect(largest.spanCount == 206)  // 205 subsegments + the segment
        #expect(largest.nodes.allSatisfy { $0.selfNanos.map { $0 >= 0 } ?? true })

        var spilling = TraceAssembler(memoryBudgetBytes: 256 << 10)
        for s in spans.reversed() { spilling.add(s) }
        let spilled = try spilling.finish()
        #expect(spilling.stats.spilledSpans > 0)
        #expect(spilled.sorted { $0.traceID < $1.traceID } == traces.sorted { $0.traceID < $1.traceID })
    }
}
