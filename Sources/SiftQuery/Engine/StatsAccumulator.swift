/// The running state of one aggregate call in a `stats` command.
///
/// Numeric aggregates (`count`, `sum`, `avg`, `min`, `max`, `pct`, `stddev`) run on the shared
/// ``AggregateState`` core the reports use (so `pct` is the same exact nearest rank); the
/// value-typed ones (`count_distinct` over any values, `earliest`, `latest`, `sortsFirst`,
/// `sortsLast`) keep the value itself.
struct StatsAccumulator: Sendable {
    enum ValueStorage: Sendable {
        case distinct(Set<QueryValue>)
        case earliest(at: Int64, QueryValue)
        case latest(at: Int64, QueryValue)
        case sortsFirst(QueryValue)
        case sortsLast(QueryValue)
    }

    /// The numeric state (mutated in place: it can hold a large percentile buffer).
    var numeric: AggregateState?
    /// Whether a numeric `min`/`max` saw timestamps (its result is then a timestamp).
    var timestamps = false
    /// The state of a value-typed aggregate.
    var valued: ValueStorage?

    init(_ spec: StatsAggregateSpec) {
        switch spec.kind {
        case .numeric(let function): numeric = AggregateState(function)
        case .countDistinct: valued = .distinct([])
        case .earliest: valued = .earliest(at: .max, .null)
        case .latest: valued = .latest(at: .min, .null)
        case .sortsFirst: valued = .sortsFirst(.null)
        case .sortsLast: valued = .sortsLast(.null)
        }
    }

    /// Adds one row's argument value; `time` is the row's `@timestamp` in milliseconds.
    mutating func add(_ value: QueryValue, time: Int64?, countsPresence: Bool) {
        if numeric != nil {
            numeric!.add(countsPresence ? (value.isPresent ? 1 : nil) : value.numberValue)
            if case .timestamp = value { timestamps = true }
            return
        }
        switch valued {
        case .distinct(var set)?:
            guard value.isPresent else { return }
            valued = nil
            set.insert(value)
            valued = .distinct(set)
        case .earliest(let at, _)?:
            if value.isPresent, let time, time < at { valued = .earliest(at: time, value) }
        case .latest(let at, _)?:
            if value.isPresent, let time, time >= at { valued = .latest(at: time, value) }
        case .sortsFirst(let best)?:
            if value.isPresent, !best.isPresent || value < best { valued = .sortsFirst(value) }
        case .sortsLast(let best)?:
            if value.isPresent, !best.isPresent || best < value { valued = .sortsLast(value) }
        case nil:
            break
        }
    }

    /// Combines another shard's state for the same aggregate.
    mutating func merge(_ other: StatsAccumulator) {
        if let otherNumeric = other.numeric {
            numeric!.merge(otherNumeric)
            timestamps = timestamps || other.timestamps
            return
        }
        switch (valued, other.valued) {
        case (.distinct(var a)?, .distinct(let b)?):
            valued = nil
            a.formUnion(b)
            valued = .distinct(a)
        case (.earliest(let at1, _)?, .earliest(let at2, _)?):
            if at2 < at1 { valued = other.valued }
        case (.latest(let at1, _)?, .latest(let at2, _)?):
            if at2 > at1 { valued = other.valued }
        case (.sortsFirst?, .sortsFirst(let v)?), (.sortsLast?, .sortsLast(let v)?):
            add(v, time: nil, countsPresence: false)
        default:
            preconditionFailure("merging different aggregates")
        }
    }

    /// The result.
    mutating func result() -> QueryValue {
        if numeric != nil {
            guard let value = numeric!.result() else { return .null }
            let function = numeric!.function
            if timestamps, function == .min || function == .max { return .timestamp(Int64(value)) }
            return .number(value)
        }
        switch valued {
        case .distinct(let set)?: return .number(Double(set.count))
        case .earliest(_, let v)?, .latest(_, let v)?, .sortsFirst(let v)?, .sortsLast(let v)?: return v
        case nil: return .null
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
