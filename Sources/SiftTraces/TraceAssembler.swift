import SiftModel

/// Collects spans in any order, from any number of files, and assembles them into ``Trace``s.
///
/// Feed every span with ``add(_:)`` (one per segment and per flattened subsegment, `parentID` set
/// to the enclosing node), then call ``finish()`` or ``finish(_:)``. Per-worker assemblers combine
/// with ``merge(_:)``: traces are keyed by trace id, so merging is a union and the usual
/// de-duplication applies.
///
/// De-duplication keeps one version per (trace id, span id): complete beats in-progress, then the
/// later end, then the larger record (see ``AssemblyStats`` for what is counted).
///
/// **Memory.** Without a budget every span stays in memory until `finish`. With
/// `memoryBudgetBytes`, when the estimated bytes held exceed the budget all held spans are written
/// to 64 temporary partition files (by a hash of the trace id, compact binary records); `finish`
/// then assembles one partition at a time, so peak memory is about one partition's traces. If the
/// spill directory cannot be created or written, the assembler counts a ``AssemblyStats/spillFailures``
/// and keeps going in memory.
///
/// **Order.** In memory, traces come out by start time, then trace id. After a spill they come out
/// partition by partition, each partition by start time then trace id (still deterministic).
///
/// Copies of an assembler share its spill files; use one copy.
///
/// ```swift
/// var assembler = TraceAssembler(memoryBudgetBytes: 512 << 20)
/// for span in spans { assembler.add(span) }
/// try assembler.finish { trace in print(trace.traceID, trace.spanCount) }
/// print(assembler.stats.orphans)
/// ```
public struct TraceAssembler {
    /// The spill threshold in estimated bytes, or `nil` for no limit.
    public let memoryBudgetBytes: Int?
    /// What was seen so far; trace-level counts (orphans, skew, duplicates) fill in during `finish`.
    public private(set) var stats = AssemblyStats()

    private var held: [String: [Span]] = [:]
    private var heldBytes = 0
    private var spill: SpillStore?
    private var spillDisabled = false

    /// Creates an empty assembler.
    ///
    /// - Parameter memoryBudgetBytes: Spill to temporary files beyond this many estimated bytes; `nil` = never.
    public init(memoryBudgetBytes: Int? = nil) {
        self.memoryBudgetBytes = memoryBudgetBytes
    }

    /// Adds one span (any arrival order; duplicates and in-progress versions are resolved at `finish`).
    ///
    /// - Complexity: Amortized O(1); a spill writes every held span once.
    public mutating func add(_ span: Span) {
        stats.spansIn += 1
        hold(span)
    }

    /// Adds every span of another assembler (for example one per worker) and its counts.
    public mutating func merge(_ other: TraceAssembler) throws(SpillError) {
        var otherStats = other.stats
        otherStats.spillPartitions = 0
        stats.add(otherStats)
        for (_, spans) in other.held { for span in spans { hold(span) } }
        if let otherSpill = other.spill {
            for p in 0..<SpillStore.partitionCount { for span in try otherSpill.read(p) { hold(span) } }
        }
    }

    /// Assembles every trace and returns them (see the type's notes on order).
    ///
    /// The assembler is empty afterwards; ``stats`` keeps the totals.
    /// - Throws: ``SpillError`` when a spill file cannot be read back.
    public mutating func finish() throws -> [Trace] {
        var traces: [Trace] = []
        try finish { traces.append($0) }
        return traces
    }

    /// Assembles the traces one partition at a time and passes each to `body`, so the whole
    /// result never needs to be in memory.
    ///
    /// - Throws: ``SpillError`` when a spill file cannot be read back, or what `body` throws.
    public mutating func finish(_ body: (Trace) throws -> Void) throws {
        guard let store = spill else {
            let groups = held
            held = [:]
            heldBytes = 0
            try emit(groups, body)
            return
        }
        spillHeld(into: store)
        var partitions: [Int: [String: [Span]]] = [:]
        if spillDisabled {  // spilling failed part-way: what is still held joins its partition below
            for (traceID, spans) in held { partitions[SpillStore.partition(of: traceID), default: [:]][traceID] = spans }
        }
        held = [:]
        heldBytes = 0
        stats.spillPartitions = store.usedPartitions.count
        for p in 0..<SpillStore.partitionCount {
            var groups = partitions.removeValue(forKey: p) ?? [:]
            for span in try store.read(p) { groups[span.traceID, default: []].append(span) }
            try emit(groups, body)
        }
        spill = nil
        spillDisabled = false
    }

    private mutating func hold(_ span: Span) {
        held[span.traceID, default: []].append(span)
        heldBytes += SpanSize.estimatedBytes(span)
        guard let budget = memoryBudgetBytes, heldBytes > budget, !spillDisabled else { return }
        if spill == nil {
            do { spill = try SpillStore() } catch {
                stats.spillFailures += 1
                spillDisabled = true
                return
            }
        }
        spillHeld(into: spill!)
    }

    /// Moves every held span into the spill files; on a write failure keeps the rest held and stops spilling.
    ///
    /// A span whose flush failed is still in the store's buffer, so it counts as spilled.
    private mutating func spillHeld(into store: SpillStore) {
        guard !spillDisabled else { return }
        let snapshot = held
        held = [:]
        heldBytes = 0
        for (traceID, spans) in snapshot {
            if spillDisabled {
                held[traceID] = spans
                for span in spans { heldBytes += SpanSize.estimatedBytes(span) }
                continue
            }
            for (i, span) in spans.enumerated() {
                stats.spilledSpans += 1
                do { try store.write(span) } catch {
                    stats.spillFailures += 1
                    spillDisabled = true
                    let rest = Array(spans[(i + 1)...])
                    if !rest.isEmpty { held[traceID] = rest }
                    for span in rest { heldBytes += SpanSize.estimatedBytes(span) }
                    break
                }
            }
        }
    }

    private mutating func emit(_ groups: [String: [Span]], _ body: (Trace) throws -> Void) throws {
        var traces: [Trace] = []
        traces.reserveCapacity(groups.count)
        for (traceID, spans) in groups { traces.append(TraceBuilder.build(traceID: traceID, spans: spans, stats: &stats)) }
        traces.sort { $0.start != $1.start ? $0.start < $1.start : $0.traceID < $1.traceID }
        for trace in traces { try body(trace) }
    }
}
