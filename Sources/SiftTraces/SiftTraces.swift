// SiftTraces: span trees from X-Ray documents that arrive in any order, across files.
//
// Brief overview: a `TraceAssembler` collects `Span`s (one per segment or flattened subsegment),
// keeps at most one version of each (trace id, span id), and at `finish` turns each trace id into a
// `Trace`: flat `TraceNode`s in depth-first order with parent and child indices, durations, self
// times, orphans and clock skew. With a memory budget it spills spans to temporary partition files
// (`SpanCodec` binary records) and assembles one partition at a time. `AssemblyStats` counts what
// was merged, replaced, orphaned or spilled.
//
// ```swift
// var assembler = TraceAssembler()
// for span in spans { assembler.add(span) }
// for trace in try assembler.finish() { print(trace.traceID, trace.rootService ?? "-", trace.spanCount) }
// ```
