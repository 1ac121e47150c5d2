/// Per-group aggregate states for a fixed list of ``Measure``s: the engine under every report and
/// under Logs Insights `stats ... by ...`.
///
/// Groups are kept in first-seen order (a dictionary maps keys to slots), so output is
/// deterministic without sorting; shard results combine with ``merge(_:)``.
///
/// ```swift
/// // stats count(*), pct(latency, 95), sum(is5xx) by route
/// var agg = GroupedAggregation<String>(measures: [
///     Measure("count", .count), Measure("p95_ms", .pct(95), input: 0), .counter("count_5xx", input: 1),
/// ])
/// agg.add("/items", inputs: [12.5, 0])
/// agg.add("/items", inputs: [80.0, 1])
/// for row in agg.rows() { print(row.key, row.values) }   // /items [Optional(2.0), Optional(80.0), Optional(1.0)]
/// ```
public struct GroupedAggregation<Key: Hashable & Sendable>: Sendable {
    /// One output row: the group key and one value per measure, in measure order.
    public struct Row: Sendable {
        /// The group key.
        public var key: Key
        /// The measures' results (`nil` where the aggregate has no value, e.g. `avg` of nothing).
        public var values: [Double?]
        /// `true` when any percentile in the row came from the approximate histogram.
        public var isApproximate: Bool
    }

    /// The measures, in output order.
    public let measures: [Measure]
    private let exactLimit: Int
    /// For each measure, the measure whose state it reads: `pct` measures over the same input
    /// share the first one's samples (p50, p95 and p99 of a column store its values once).
    private let stateOwner: [Int]
    private var slots: [Key: Int] = [:]
    private var keys: [Key] = []
    private var states: [[AggregateState]] = []

    /// Creates an empty aggregation.
    ///
    /// - Parameters:
    ///   - measures: The output columns.
    ///   - exactLimit: Samples per percentile kept exactly (see ``PercentileAccumulator``).
    public init(measures: [Measure], exactLimit: Int = 1_000_000) {
        self.measures = measures
        self.exactLimit = exactLimit
        self.stateOwner = measures.indices.map { m in
            guard case .pct = measures[m].function else { return m }
            return measures.indices.first { o in
                if case .pct = measures[o].function { return measures[o].input == measures[m].input }
                return false
            } ?? m
        }
    }

    /// The number of groups.
    public var groupCount: Int { keys.count }

    /// Adds one row to the group `key`.
    ///
    /// - Parameters:
    ///   - key: The group key.
    ///   - inputs: The row's input values; measure `m` reads `inputs[m.input]` (missing index = `nil`).
    /// - Complexity: O(measures) plus one hash lookup; a new group allocates its states.
    public mutating func add<Inputs: RandomAccessCollection>(_ key: Key, inputs: Inputs)
    where Inputs.Element == Double?, Inputs.Index == Int {
        let slot = self.slot(for: key)
        for m in measures.indices where stateOwner[m] == m {
            let i = measures[m].input
            let value: Double? = i >= inputs.startIndex && i < inputs.endIndex ? inputs[i] : nil
            states[slot][m].add(value)
        }
    }

    /// Adds one row to the group `key` from contiguous inputs: the per-record path of the reports.
    ///
    /// Same as the generic ``add(_:inputs:)``, without a generic collection call per measure
    /// (callers in other modules cannot specialize the generic one).
    ///
    /// - Parameters:
    ///   - key: The group key.
    ///   - inputs: The row's input values; measure `m` reads `inputs[m.input]` (missing index = `nil`).
    /// - Complexity: O(measures) plus one hash lookup; a new group allocates its states.
    public mutating func add(_ key: Key, inputs: UnsafeBufferPointer<Double?>) {
        let slot = self.slot(for: key)
        for m in measures.indices {
            let i = measures[m].input
            let value: Double? = i >= 0 && i < inputs.count ? inputs[i] : nil
            states[slot][m].add(value)
        }
    }

    /// Adds one row to the group in `slot` (from ``slot(for:)``).
    ///
    /// - Complexity: O(measures); no hashing, no allocation.
    public mutating func add(toSlot slot: Int, _ inputs: UnsafeBufferPointer<Double?>) {
        for m in measures.indices where stateOwner[m] == m {
            let i = measures[m].input
            states[slot][m].add(i < inputs.count ? inputs[i] : nil)
        }
    }

    /// Adds every group of `other` (built with the same measures) into this aggregation.
    ///
    /// - Returns: For each of `other`'s slots, the slot its group has here (groups new here get
    ///   the next slots, in `other`'s order), so callers can merge state they keep per slot.
    @discardableResult
    public mutating func merge(_ other: GroupedAggregation<Key>) -> [Int] {
        precondition(measures == other.measures, "merging aggregations with different measures")
        return other.keys.enumerated().map { otherSlot, key in
            let slot = self.slot(for: key)
            for m in measures.indices where stateOwner[m] == m { states[slot][m].merge(other.states[otherSlot][m]) }
            return slot
        }
    }

    /// The results, one row per group in first-seen order.
    ///
    /// - Complexity: O(groups × measures), plus one sort per percentile state not yet sorted.
    public mutating func rows() -> [Row] {
        var out: [Row] = []
        out.reserveCapacity(keys.count)
        for slot in keys.indices {
            var values: [Double?] = []
            values.reserveCapacity(measures.count)
            var approximate = false
            for m in measures.indices {
                let owner = stateOwner[m]
                if owner == m {
                    values.append(states[slot][m].result())
                } else if case .pct(let p) = measures[m].function {
                    values.append(states[slot][owner].percentile(p))
                }
                approximate = approximate || states[slot][owner].isApproximate
            }
            out.append(Row(key: keys[slot], values: values, isApproximate: approximate))
        }
        return out
    }

    /// The slot of group `key`, creating the group when new; with ``add(toSlot:_:)`` it lets a
    /// caller that caches slots skip hashing the key for every row.
    public mutating func slot(for key: Key) -> Int {
        if let slot = slots[key] { return slot }
        let slot = keys.count
        slots[key] = slot
        keys.append(key)
        states.append(measures.indices.map { m in
            AggregateState(stateOwner[m] == m ? measures[m].function : .count, exactLimit: exactLimit)
        })
        return slot
    }
}
