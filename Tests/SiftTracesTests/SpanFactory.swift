import SiftModel

/// Builds test spans with millisecond times.
func span(_ id: String, parent: String? = nil, trace: String = "1-00000001-000000000000000000000001",
          kind: Span.Kind = .subsegment, start: Int64, end: Int64?, name: String? = nil) -> Span {
    Span(traceID: trace, id: id, parentID: parent, kind: kind, name: name ?? id,
         start: Timestamp(millisecondsSinceEpoch: start), end: end.map { Timestamp(millisecondsSinceEpoch: $0) })
}

/// Three traces: a segment with nested subsegments, a downstream segment under an upstream
/// subsegment, and a trace with an orphan.
func sampleSpans() -> [Span] {
    let t1 = "1-00000001-000000000000000000000001"
    let t2 = "1-00000002-000000000000000000000002"
    var spans = [
        span("a", trace: t1, kind: .segment, start: 0, end: 100, name: "api"),
        span("b", parent: "a", trace: t1, start: 10, end: 40),
        span("c", parent: "a", trace: t1, start: 30, end: 60),
        span("d", parent: "b", trace: t1, start: 12, end: 20),
        span("e", parent: "c", trace: t1, kind: .segment, start: 31, end: 59, name: "downstream"),
        span("f", parent: "e", trace: t1, start: 35, end: 50),
        span("x", trace: t2, kind: .segment, start: 5, end: 9, name: "other"),
        span("y", parent: "missing", trace: t2, start: 6, end: 8),
    ]
    spans[1].fault = true
    return spans
}
