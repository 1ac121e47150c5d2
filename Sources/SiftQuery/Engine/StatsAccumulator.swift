/// The running state of one aggregate call in a `stats` command.
///
/// Numeric aggregates (`count`, `sum`, `avg`, `min`, `max`, `pct`, `stddev`) run on the shared
/// ``AggregateState`` core the reports use (so `pct` is the same exact nearest rank); the
/// value-typed ones (`count_distinct` over any values, `earliest`, `latest`, `sortsFirst`,
/// `sortsLast`) keep the value itself.
struct StatsAccumulator: Sendable {
    enum Storage: Sendable {
        case numeric(AggregateState, timestamps: Bool)
        case distinct(Set<QueryValue>)
        case earliest(at: Int64, QueryValue)
        case latest(at: Int64, QueryValue)
        case sortsFirst(QueryValue)
        case sortsLast(QueryValue)
    }

    var storage: Storage

    init(_ spec: StatsAggregateSpec) {
        switch spec.kind {
        case .numeric(let function): storage = .numeric(AggregateState(function), timestamps: false)
        case .countDistinct: storage = .distinct([])
        case .earliest: storage = .earliest(at: .max, .null)
        case .latest: storage = .latest(at: .min, .null)
        case .sortsFirst: storage = .sortsFirst(.null)
        case .sortsLast: storage = .sortsLast(.null)
        }
    }

    /// Adds one row's argument value; `time` is the row's `@timestamp` in milliseconds.
    mutating func add(_ value: QueryValue, time: Int64?, countsPresence: Bool) {
        switch storage {
        case .numeric(var state, let timestamps):
            storage = .distinct([])
            let input: Double? = countsPresence ? (value.isPresent ? 1 : nil) : value.numberValue
            state.add(input)
            storage = .numeric(state, timestamps: timestamps || value.isTimestamp)
        case .distinct(var set):
            guard value.isPresent else { return }
            storage = .sortsFirst(.null)
            set.insert(value)
            storage = .distinct(set)
        case .earliest(let at, _):
            if value.isPresent, let time, time < at { storage = .earliest(at: time, value) }
        case .latest(let at, _):
            if value.isPresent, let time, time >= at { storage = .latest(at: time, value) }
        case .sortsFirst(let best):
            if value.isPresent, !best.isPresent || value < best { storage = .sortsFirst(value) }
        case .sortsLast(let best):
            if value.isPresent, !best.isPresent || best < value { storage = .sortsLast(value) }
        }
    }

    /// Combines another shard's state for the same aggregate.
    mutating func merge(_ other: StatsAccumulator) {
        switch (storage, other.storage) {
        case (.numeric(var a, let t1), .numeric(let b, let t2)):
            storage = .distinct([])
            a.merge(b)
            storage = .numeric(a, timestamps: t1 || t2)
        case (.distinct(var a), .distinct(let b)):
            storage = .sortsFirst(.null)
            a.formUnion(b)
            storage = .distinct(a)
        case (.earliest(let at1, _), .earliest(let at2, _)):
            if at2 < at1 { storage = other.storage }
        case (.latest(let at1, _), .latest(let at2, _)):
            if at2 > at1 { storage = other.storage }
        case (.sortsFirst, .sortsFirst(let v)), (.sortsLast, .sortsLast(let v)):
            add(v, time: nil, countsPresence: false)
        default:
            preconditionFailure("merging different aggregates")
        }
    }

    /// The result.
    mutating func result() -> QueryValue {
        switch storage {
        case .numeric(var state, let timestamps):
            storage = .distinct([])
            let value = state.result()
            storage = .numeric(state, timestamps: timestamps)
            guard let value else { return .null }
            if timestamps, state.function == .min || state.function == .max { return .timestamp(Int64(value)) }
            return .number(value)
        case .distinct(let set): return .number(Double(set.count))
        case .earliest(_, let v), .latest(_, let v), .sortsFirst(let v), .sortsLast(let v): return v
        }
    }
}

/// One aggregate call of a `stats` command, compiled.
struct StatsAggregateSpec: Sendable {
    enum Kind: Sendable {
        case numeric(AggregateFunction)
        case countDistinct, earliest, latest, sortsFirst, sortsLast
    }

    var kind: Kind
    /// The argument (`nil` for `count(*)`).
    var argument: RowEvaluator?
    /// `count(x)`: counts present values of any type.
    var countsPresence: Bool
    /// The hidden slot the result goes to.
    var slot: Int
}
