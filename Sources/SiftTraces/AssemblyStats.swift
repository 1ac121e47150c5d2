/// What a ``TraceAssembler`` saw and did, for `--stats` and warnings.
public struct AssemblyStats: Sendable, Equatable {
    /// Spans passed to ``TraceAssembler/add(_:)`` (including merged assemblers' spans).
    public var spansIn = 0
    /// Traces produced.
    public var traces = 0
    /// Dropped copies of a (trace id, span id) other than in-progress versions replaced by a
    /// complete one: identical re-sends, stitched plus independent copies, and conflicting versions.
    public var duplicates = 0
    /// Of ``duplicates``, the complete versions that differed from the kept one (warn about these).
    public var conflictingDuplicates = 0
    /// In-progress versions dropped because a complete version of the same span exists.
    public var inProgressReplaced = 0
    /// Kept spans that are still in progress (no end time ever arrived).
    public var inProgressNeverCompleted = 0
    /// Spans whose parent id never appeared in their trace (kept as extra roots).
    public var orphans = 0
    /// Parent links cut to break a cycle (the span becomes a root; also counted in ``orphans``).
    public var cyclesBroken = 0
    /// Spans starting before or ending after their parent (clock skew, tolerated).
    public var skewedSpans = 0
    /// Spans written to spill files.
    public var spilledSpans = 0
    /// Spill partitions that received at least one span.
    public var spillPartitions = 0
    /// Spill writes that failed; the assembler then kept those spans in memory.
    public var spillFailures = 0

    /// Creates zeroed statistics.
    public init() {}

    /// Adds another assembler's counts.
    public mutating func add(_ other: AssemblyStats) {
        spansIn += other.spansIn
        traces += other.traces
        duplicates += other.duplicates
        conflictingDuplicates += other.conflictingDuplicates
        inProgressReplaced += other.inProgressReplaced
        inProgressNeverCompleted += other.inProgressNeverCompleted
        orphans += other.orphans
        cyclesBroken += other.cyclesBroken
        skewedSpans += other.skewedSpans
        spilledSpans += other.spilledSpans
        spillPartitions += other.spillPartitions
        spillFailures += other.spillFailures
    }
}
