import SiftModel

/// Turns all versions of one trace's spans into a ``Trace``: de-duplicate, link, order, measure.
///
/// The result does not depend on the order of `spans`: the kept version of each id is the
/// maximum under ``SpanVersion/isPreferred(_:over:)``, and nodes are ordered by (start, id).
enum TraceBuilder {
    static func build(traceID: String, spans: [Span], stats: inout AssemblyStats) -> Trace {
        let kept = deduplicate(spans, stats: &stats)
        let count = kept.count
        var indexByID: [String: Int] = [:]
        indexByID.reserveCapacity(count)
        for (i, span) in kept.enumerated() { indexByID[span.id] = i }

        // Parent links; a missing or self parent makes a root.
        var parent = [Int?](repeating: nil, count: count)
        var isOrphan = [Bool](repeating: false, count: count)
        for (i, span) in kept.enumerated() {
            guard let parentID = span.parentID else { continue }
            if let p = indexByID[parentID], p != i { parent[i] = p } else { isOrphan[i] = true }
        }
        var children = [[Int]](repeating: [], count: count)
        for i in 0..<count { if let p = parent[i] { children[p].append(i) } }

        // Nodes unreachable from a root sit on (or under) a cycle: cut the earliest one's link.
        var reached = [Bool](repeating: false, count: count)
        func mark(from root: Int) {
            var stack = [root]
            while let n = stack.popLast() {
                guard !reached[n] else { continue }
                reached[n] = true
                stack.append(contentsOf: children[n])
            }
        }
        for i in 0..<count where parent[i] == nil { mark(from: i) }
        var cursor = 0
        while let cut = (cursor..<count).first(where: { !reached[$0] }) {
            cursor = cut
            let p = parent[cut]!
            children[p].removeAll { $0 == cut }
            parent[cut] = nil
            isOrphan[cut] = true
            stats.cyclesBroken += 1
            mark(from: cut)
        }

        // Depth-first pre-order; old index -> new index.
        var order: [Int] = []
        order.reserveCapacity(count)
        var depth = [Int](repeating: 0, count: count)
        let rootsOld = (0..<count).filter { parent[$0] == nil }
        var stack: [Int] = rootsOld.reversed()
        while let n = stack.popLast() {
            order.append(n)
            for c in children[n].reversed() {
                depth[c] = depth[n] + 1
                stack.append(c)
            }
        }
        var newIndex = [Int](repeating: 0, count: count)
        for (position, old) in order.enumerated() { newIndex[old] = position }

        var nodes: [TraceNode] = []
        nodes.reserveCapacity(count)
        var childIndices: [Int] = []
        childIndices.reserveCapacity(count)
        var skewed = 0
        var hasFault = false, hasError = false, hasThrottle = false
        var end: Timestamp?
        for old in order {
            let span = kept[old]
            hasFault = hasFault || span.fault
            hasError = hasError || span.error
            hasThrottle = hasThrottle || span.throttle
            if let e = span.end, end.map({ e > $0 }) ?? true { end = e }
            var isSkewed = false
            if let p = parent[old] {
                let ps = kept[p]
                isSkewed = span.start < ps.start || (span.end != nil && ps.end != nil && span.end! > ps.end!)
            }
            if isSkewed { skewed += 1 }
            let childStart = childIndices.count
            for c in children[old] { childIndices.append(newIndex[c]) }
            nodes.append(TraceNode(
                span: span, parent: parent[old].map { newIndex[$0] }, depth: depth[old], descendantCount: 0,
                durationNanos: span.durationNanos, selfNanos: selfNanos(of: span, children: children[old].map { kept[$0] }),
                isOrphan: isOrphan[old], isSkewed: isSkewed, childStart: childStart, childCount: children[old].count))
        }
        // Subtree sizes: in pre-order every descendant comes after its ancestor, so one reverse pass suffices.
        for i in stride(from: count - 1, through: 0, by: -1) {
            if let p = nodes[i].parent { nodes[p].descendantCount += nodes[i].descendantCount + 1 }
        }

        let orphanCount = isOrphan.reduce(0) { $0 + ($1 ? 1 : 0) }
        stats.orphans += orphanCount
        stats.skewedSpans += skewed
        stats.inProgressNeverCompleted += kept.reduce(0) { $0 + ($1.end == nil ? 1 : 0) }
        stats.traces += 1
        return Trace(
            traceID: traceID, nodes: nodes, roots: rootsOld.map { newIndex[$0] },
            start: kept.first?.start ?? Timestamp(nanosecondsSinceEpoch: 0), end: end,
            orphanCount: orphanCount, skewedSpans: skewed,
            hasFault: hasFault, hasError: hasError, hasThrottle: hasThrottle, childIndices: childIndices)
    }

    /// One version per span id, sorted by (start, id); counts what was dropped.
    static func deduplicate(_ spans: [Span], stats: inout AssemblyStats) -> [Span] {
        var versions: [String: [Span]] = [:]
        for span in spans { versions[span.id, default: []].append(span) }
        var kept: [Span] = []
        kept.reserveCapacity(versions.count)
        for (_, group) in versions {
            var winner = group[0]
            for candidate in group.dropFirst() where SpanVersion.isPreferred(candidate, over: winner) { winner = candidate }
            if group.count > 1 {
                let winnerContent = SpanVersion.content(winner)
                var skippedWinner = false
                for version in group {
                    if !skippedWinner, version == winner { skippedWinner = true; continue }
                    if version.end == nil, winner.end != nil {
                        stats.inProgressReplaced += 1
                    } else {
                        stats.duplicates += 1
                        if version.end != nil, SpanVersion.content(version) != winnerContent { stats.conflictingDuplicates += 1 }
                    }
                }
            }
            kept.append(winner)
        }
        kept.sort { $0.start != $1.start ? $0.start < $1.start : $0.id < $1.id }
        return kept
    }

    /// Duration minus the union of the ended children's intervals clipped to the span's own interval.
    static func selfNanos(of span: Span, children: [Span]) -> Int64? {
        guard let end = span.end?.nanosecondsSinceEpoch else { return nil }
        let start = span.start.nanosecondsSinceEpoch
        var intervals: [(Int64, Int64)] = []
        intervals.reserveCapacity(children.count)
        for child in children {
            guard let childEnd = child.end?.nanosecondsSinceEpoch else { continue }
            let s = max(child.start.nanosecondsSinceEpoch, start)
            let e = min(childEnd, end)
            if s < e { intervals.append((s, e)) }
        }
        intervals.sort { $0.0 < $1.0 }
        var covered: Int64 = 0
        var current: (Int64, Int64)?
        for interval in intervals {
            if let c = current, interval.0 <= c.1 {
                current = (c.0, max(c.1, interval.1))
            } else {
                if let c = current { covered += c.1 - c.0 }
                current = interval
            }
        }
        if let c = current { covered += c.1 - c.0 }
        return end - start - covered
    }
}
