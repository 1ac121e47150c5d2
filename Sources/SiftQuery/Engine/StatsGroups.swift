/// The groups of one `stats` command while rows stream in: numeric aggregates on the reports'
/// ``GroupedAggregation`` core (so `pct` is the same exact nearest rank, and several `pct` of
/// one argument share one set of samples), value-typed ones in ``StatsAccumulator``s.
///
/// Memory follows the number of groups (plus the samples of each `pct` argument), never rows.
struct StatsGroups: Sendable {
    private var numeric: GroupedAggregation<[QueryValue]>
    /// The value-typed aggregates of each group, indexed like the numeric groups' slots.
    private var valued: [[StatsAccumulator]] = []
    /// Per numeric input: whether it ever held a timestamp (then `min`/`max` print as timestamps).
    private var timestampInputs: [Bool]
    /// Reused per row, so a row of a known group allocates nothing.
    private var keyBuffer: [QueryValue] = []
    private var inputValues: [Double?]

    init(_ step: QueryPlan.StatsStep) {
        numeric = GroupedAggregation(measures: step.measures)
        timestampInputs = Array(repeating: false, count: step.inputCount)
        inputValues = Array(repeating: nil, count: step.inputCount)
    }

    /// Adds one row to its group.
    mutating func add(_ row: [QueryValue], _ step: QueryPlan.StatsStep) {
        keyBuffer.removeAll(keepingCapacity: true)
        step.appendKey(row, &keyBuffer)
        let slot = numeric.slot(for: keyBuffer)
        if slot == valued.count { valued.append(step.valued.map { StatsAccumulator($0.kind) }) }
        if step.inputCount > 0 {
            inputValues.withUnsafeMutableBufferPointer { values in
                timestampInputs.withUnsafeMutableBufferPointer { step.fillInputs(row, values.baseAddress!, $0.baseAddress!) }
            }
        }
        inputValues.withUnsafeBufferPointer { numeric.add(toSlot: slot, $0) }
        guard !step.valued.isEmpty else { return }
        let time = QueryFunctions.timestampMillis(row[step.timestampSlot])
        for a in step.valued.indices { valued[slot][a].add(step.valued[a].argument(row), time: time) }
    }

    /// Adds another worker's groups of the same step.
    mutating func merge(_ other: StatsGroups) {
        for (otherSlot, slot) in numeric.merge(other.numeric).enumerated() {
            if slot == valued.count {
                valued.append(other.valued[otherSlot])
            } else {
                for a in valued[slot].indices { valued[slot][a].merge(other.valued[otherSlot][a]) }
            }
        }
        for i in timestampInputs.indices where other.timestampInputs[i] { timestampInputs[i] = true }
    }

    /// One row per group in first-seen order: the key, and each aggregate's result in the
    /// order of ``QueryPlan/StatsStep/results``.
    mutating func results(_ step: QueryPlan.StatsStep) -> [(key: [QueryValue], values: [QueryValue])] {
        numeric.rows().enumerated().map { slot, row in
            let values = step.results.map { result -> QueryValue in
                switch result.source {
                case .valued(let a):
                    return valued[slot][a].result
                case .measure(let m):
                    guard let value = row.values[m] else { return .null }
                    let measure = step.measures[m]
                    if measure.function == .min || measure.function == .max, timestampInputs[measure.input] {
                        return .timestamp(millis: value)
                    }
                    return .number(value)
                }
            }
            return (row.key, values)
        }
    }
}
