import SiftModel

/// One assembled trace: its spans as a flat tree in depth-first pre-order.
///
/// `nodes[0]` is the earliest root; every node's subtree is the contiguous range
/// `i ... i + nodes[i].descendantCount`, and siblings are ordered by start time, then id. So a
/// plain loop over ``nodes`` is a depth-first walk, and ``TraceNode/depth`` gives the indentation.
///
/// ```swift
/// for node in trace.nodes {
///     print(String(repeating: "  ", count: node.depth) + node.span.name, node.selfNanos ?? -1)
/// }
/// ```
public struct Trace: Sendable, Equatable {
    /// The X-Ray trace id.
    public var traceID: String
    /// The spans in depth-first pre-order.
    public var nodes: [TraceNode]
    /// The roots' indices, by start time then id (one unless orphans or several entry segments).
    public var roots: [Int]
    /// The earliest span start.
    public var start: Timestamp
    /// The latest span end, or `nil` when no span has ended.
    public var end: Timestamp?
    /// Spans whose parent never appeared.
    public var orphanCount: Int
    /// Spans starting before or ending after their parent.
    public var skewedSpans: Int
    /// Whether any span has `fault` (5xx).
    public var hasFault: Bool
    /// Whether any span has `error` (4xx).
    public var hasError: Bool
    /// Whether any span has `throttle` (429).
    public var hasThrottle: Bool
    /// All nodes' child indices; node `i`'s children are `childIndices[childStart ..< childStart + childCount]`.
    var childIndices: [Int]

    /// `end - start` in nanoseconds, or `nil` when no span has ended.
    public var durationNanos: Int64? { end.map { $0.nanosecondsSinceEpoch - start.nanosecondsSinceEpoch } }

    /// The number of spans (after de-duplication).
    public var spanCount: Int { nodes.count }

    /// The name of the earliest root segment (the entry service), or `nil` when no root is a segment.
    public var rootService: String? {
        roots.first { nodes[$0].span.kind == .segment }.map { nodes[$0].span.name }
    }

    /// The indices of node `index`'s children, by start time then id.
    public func children(of index: Int) -> ArraySlice<Int> {
        let node = nodes[index]
        return childIndices[node.childStart ..< node.childStart + node.childCount]
    }

    /// The indices of node `index` and all its descendants, in depth-first order.
    public func subtree(of index: Int) -> ClosedRange<Int> { index ... index + nodes[index].descendantCount }

    /// Calls `body` with each node in depth-first pre-order (the order of ``nodes``).
    public func forEachDepthFirst(_ body: (TraceNode) throws -> Void) rethrows {
        for node in nodes { try body(node) }
    }
}
