import SiftModel

/// One span placed in its ``Trace``: links are indices into ``Trace/nodes``.
public struct TraceNode: Sendable, Equatable {
    /// The span (the kept version after de-duplication).
    public var span: Span
    /// The parent's index, or `nil` for a root.
    public var parent: Int?
    /// The distance from its root (a root is 0).
    public var depth: Int
    /// The number of descendants; the subtree is `index ... index + descendantCount` in ``Trace/nodes``.
    public var descendantCount: Int
    /// `span.end - span.start` in nanoseconds, or `nil` while in progress.
    public var durationNanos: Int64?
    /// The duration minus the union of the children's intervals clipped to this span's interval;
    /// `nil` while in progress. Children still in progress do not subtract.
    public var selfNanos: Int64?
    /// `true` when the span names a parent that is not in the trace (or its link was cut to break a cycle).
    public var isOrphan: Bool
    /// `true` when the span starts before or ends after its parent (clock skew).
    public var isSkewed: Bool
    /// Where this node's children start in the trace's child index list.
    var childStart: Int
    /// How many children this node has.
    var childCount: Int
}
