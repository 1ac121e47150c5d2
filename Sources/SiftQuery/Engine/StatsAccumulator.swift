/// The running state of one value-typed aggregate call in a `stats` command: `count_distinct`
/// (over any values), `earliest`, `latest`, `sortsFirst` and `sortsLast` keep values, not
/// numbers. Numeric aggregates run on ``GroupedAggregation`` instead (see ``StatsGroups``).
struct StatsAccumulator: Sendable {
    enum Storage: Sendable {
        case distinct(Set<QueryValue>)
        case earliest(at: Int64, QueryValue)
        case latest(at: Int64, QueryValue)
        case sortsFirst(QueryValue)
        case sortsLast(QueryValue)
    }

    private var storage: Storage

    init(_ kind: StatsValueAggregate.Kind) {
        switch kind {
        case .countDistinct: storage = .distinct([])
        case .earliest: storage = .earliest(at: .max, .null)
        case .latest: storage = .latest(at: .min, .null)
        case .sortsFirst: storage = .sortsFirst(.null)
        case .sortsLast: storage = .sortsLast(.null)
        }
    }

    /// Adds one row's argument value; `time` is the row's `@timestamp` in milliseconds.
    mutating func add(_ value: QueryValue, time: Int64?) {
        guard value.isPresent else { return }
        switch storage {
        case .distinct(var set):
            storage = .sortsFirst(.null)
            set.insert(value)
            storage = .distinct(set)
        case .earliest(let at, _):
            if let time, time < at { storage = .earliest(at: time, value) }
        case .latest(let at, _):
            if let time, time >= at { storage = .latest(at: time, value) }
        case .sortsFirst(let best):
            if !best.isPresent || value < best { storage = .sortsFirst(value) }
        case .sortsLast(let best):
            if !best.isPresent || best < value { storage = .sortsLast(value) }
        }
    }

    /// Combines another shard's state for the same aggregate.
    mutating func merge(_ other: StatsAccumulator) {
        switch (storage, other.storage) {
        case (.distinct(var a), .distinct(let b)):
            storage = .sortsFirst(.null)
            a.formUnion(b)
            storage = .distinct(a)
        case (.earliest(let at1, _), .earliest(let at2, _)):
            if at2 < at1 { storage = other.storage }
        case (.latest(let at1, _), .latest(let at2, _)):
            if at2 > at1 { storage = other.storage }
        case (.sortsFirst, .sortsFirst(let v)), (.sortsLast, .sortsLast(let v)):
            add(v, time: nil)
        default:
            preconditionFailure("merging different aggregates")
        }
    }

    /// The result.
    var result: QueryValue {
        switch storage {
        case .distinct(let set): return .number(Double(set.count))
        case .earliest(_, let v), .latest(_, let v), .sortsFirst(let v), .sortsLast(let v): return v
        }
    }
}

/// One value-typed aggregate call of a `stats` command, compiled.
struct StatsValueAggregate: Sendable {
    enum Kind: Sendable {
        case countDistinct, earliest, latest, sortsFirst, sortsLast
    }

    var kind: Kind
    var argument: RowEvaluator
}
