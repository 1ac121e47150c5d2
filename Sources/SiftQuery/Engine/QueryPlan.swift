import SiftModel

/// A query compiled for execution: field slots, steps, and the output columns.
///
/// Build one per query with ``init(_:defaultColumns:)``; run it with a ``QueryExecution`` per
/// worker (fed rows by a source), merge the workers, and read the ``Table``.
public struct QueryPlan: Sendable {
    /// One step of the pipeline.
    enum Step: Sendable {
        case filter(RowEvaluator)
        case compute([(slot: Int, evaluate: RowEvaluator)])
        case parse(source: Int, matcher: ParseMatcher)
        case unnest(source: Int, target: Int)
        case dedup([Int])
        case limit(Int)
        case sort([(evaluate: RowEvaluator, descending: Bool)])
        case stats(StatsStep)
    }

    /// A compiled `stats` command (a class: rows reach it without copying its arrays).
    final class StatsStep: Sendable {
        /// One argument of the numeric aggregates, evaluated once per row however many aggregates read it.
        struct Input: Sendable {
            let evaluate: RowEvaluator
            /// `count(x)`: the input is 1 when `x` is present, whatever its type.
            let countsPresence: Bool
        }

        /// Where one aggregate call's result comes from.
        enum Source: Sendable {
            /// A numeric measure, by index in ``measures``.
            case measure(Int)
            /// A value-typed aggregate, by index in ``valued``.
            case valued(Int)
        }

        /// The output slot of each `by` expression, in key order.
        let groupSlots: [Int]
        /// The number of distinct numeric arguments (``fillInputs`` writes that many values).
        let inputCount: Int
        /// Appends the row's group key values, in `by` order (the evaluators composed into one
        /// closure: calling closures held in an array retains each one's context per call).
        let appendKey: @Sendable (_ row: [QueryValue], _ key: inout [QueryValue]) -> Void
        /// Writes each input's number (or presence) for the row and flags inputs that held a timestamp.
        let fillInputs: @Sendable (_ row: [QueryValue], _ values: UnsafeMutablePointer<Double?>, _ timestamps: UnsafeMutablePointer<Bool>) -> Void
        /// The numeric aggregates, reading the values ``fillInputs`` writes by index.
        let measures: [Measure]
        let valued: [StatsValueAggregate]
        /// Each aggregate call's hidden slot and source, in the order of the query text.
        let results: [(slot: Int, source: Source)]
        /// The `stats` items (aggregate calls and expressions over them) and their output slots.
        let items: [(slot: Int, evaluate: RowEvaluator)]
        let timestampSlot: Int

        init(
            groups: [(slot: Int, evaluate: RowEvaluator)], inputs: [Input], measures: [Measure], valued: [StatsValueAggregate],
            results: [(slot: Int, source: Source)], items: [(slot: Int, evaluate: RowEvaluator)], timestampSlot: Int
        ) {
            groupSlots = groups.map(\.slot)
            inputCount = inputs.count
            appendKey = groups.reduce({ @Sendable _, _ in }) { previous, group in
                let evaluate = group.evaluate
                return { @Sendable row, key in
                    previous(row, &key)
                    key.append(evaluate(row))
                }
            }
            fillInputs = inputs.enumerated().reduce({ @Sendable _, _, _ in }) { previous, element in
                let (index, input) = element
                let evaluate = input.evaluate
                if input.countsPresence {
                    return { @Sendable row, values, timestamps in
                        previous(row, values, timestamps)
                        values[index] = evaluate(row).isPresent ? 1 : nil
                    }
                }
                return { @Sendable row, values, timestamps in
                    previous(row, values, timestamps)
                    let value = evaluate(row)
                    values[index] = value.numberValue
                    if case .timestamp = value { timestamps[index] = true }
                }
            }
            self.measures = measures
            self.valued = valued
            self.results = results
            self.items = items
            self.timestampSlot = timestampSlot
        }
    }

    /// The query.
    public let query: Query
    /// The field slots; ``sourceFields`` lists what a source must fill.
    public let slots: FieldSlots
    let steps: [Step]
    /// The output column names, in order.
    public let columns: [String]
    /// Field names the query reads before any command defines them: what a row source must provide.
    public let sourceFields: Set<String>

    /// Compiles `query`. `defaultColumns` are shown when the query has no `fields`, `display` or `stats`.
    public init(_ query: Query, defaultColumns: [String]) {
        self.query = query
        let slots = FieldSlots()
        var compiler = ExpressionCompiler(slots: slots)
        var steps: [Step] = []
        var visible: [String]?
        var defined: Set<String> = []
        var sourceFields: Set<String> = []
        var afterStats = false
        func reads(_ e: Expression) {
            if afterStats { return }
            for name in e.fieldNames where !defined.contains(name) { sourceFields.insert(name) }
        }
        for command in query.commands {
            switch command {
            case .filter(let e):
                reads(e)
                steps.append(.filter(compiler.compile(e)))
            case .fields(let list):
                var computed: [(slot: Int, evaluate: RowEvaluator)] = []
                for item in list {
                    reads(item.expression)
                    if case .field(let name) = item.expression, name == item.name {
                        _ = slots.slot(name)
                        continue
                    }
                    computed.append((slots.slot(item.name), compiler.compile(item.expression)))
                    defined.insert(item.name)
                }
                if !computed.isEmpty { steps.append(.compute(computed)) }
                visible = (visible ?? []) + list.map(\.name).filter { !(visible ?? []).contains($0) }
            case .display(let names):
                for name in names { reads(.field(name)); _ = slots.slot(name) }
                visible = names
            case .parse(let field, let pattern):
                reads(.field(field))
                let matcher = ParseMatcher(pattern, slots: slots)
                for name in matcher.names { defined.insert(name) }
                steps.append(.parse(source: slots.slot(field), matcher: matcher))
            case .unnest(let field, let into):
                reads(.field(field))
                defined.insert(into)
                steps.append(.unnest(source: slots.slot(field), target: slots.slot(into)))
            case .dedup(let names):
                for name in names { reads(.field(name)) }
                steps.append(.dedup(names.map(slots.slot)))
            case .limit(let n):
                steps.append(.limit(n))
            case .sort(let keys):
                for key in keys { reads(key.expression) }
                steps.append(.sort(keys.map { (compiler.compile($0.expression), $0.descending) }))
            case .stats(let aggregates, let groups):
                for g in groups { reads(g.expression) }
                for a in aggregates { reads(a.expression) }
                if !afterStats, aggregates.contains(where: { $0.expression.needsTimestamp }) || groups.contains(where: { $0.expression.needsTimestamp }) {
                    sourceFields.insert("@timestamp")
                }
                steps.append(.stats(QueryPlan.compileStats(aggregates, groups, &compiler)))
                visible = groups.map(\.name) + aggregates.map(\.name)
                defined = Set(visible ?? [])
                afterStats = true
            }
        }
        self.slots = slots
        self.steps = steps
        self.columns = visible ?? defaultColumns
        for name in columns where !afterStats && !defined.contains(name) { sourceFields.insert(name) }
        for name in columns { _ = slots.slot(name) }
        self.sourceFields = sourceFields
    }

    private static func compileStats(_ aggregates: [NamedExpression], _ groups: [NamedExpression], _ compiler: inout ExpressionCompiler) -> StatsStep {
        let slots = compiler.slots
        let groupSteps = groups.map { (slot: slots.slot($0.name), evaluate: compiler.compile($0.expression)) }
        var inputs: [StatsStep.Input] = []
        var inputIndex: [Expression: Int] = [:]
        var measures: [Measure] = []
        var valued: [StatsValueAggregate] = []
        var results: [(slot: Int, source: StatsStep.Source)] = []
        var assigned: [Expression: Int] = [:]
        /// The index of the numeric input for `argument` (`count(x)` reads its presence).
        func input(_ argument: Expression, presence: Bool) -> Int {
            let key = presence ? Expression.call("ispresent", [argument]) : argument
            if let known = inputIndex[key] { return known }
            inputIndex[key] = inputs.count
            inputs.append(StatsStep.Input(evaluate: compiler.compile(argument), countsPresence: presence))
            return inputs.count - 1
        }
        func collect(_ e: Expression) {
            switch e {
            case .call(let name, let args) where FunctionCatalog.isAggregate(name):
                guard assigned[e] == nil else { return }
                let slot = slots.hiddenSlot()
                assigned[e] = slot
                let argument = args.first.flatMap { $0 == .star ? nil : $0 }
                func numeric(_ function: AggregateFunction) {
                    let index = argument.map { input($0, presence: function == .countValues) } ?? 0
                    results.append((slot, .measure(measures.count)))
                    measures.append(Measure(name, function, input: index))
                }
                func value(_ kind: StatsValueAggregate.Kind) {
                    results.append((slot, .valued(valued.count)))
                    let evaluate: RowEvaluator = argument.map { compiler.compile($0) } ?? { @Sendable _ in .null }
                    valued.append(StatsValueAggregate(kind: kind, argument: evaluate))
                }
                switch name {
                case "count": numeric(argument == nil ? .count : .countValues)
                case "count_distinct": value(.countDistinct)
                case "sum": numeric(.sum)
                case "avg": numeric(.avg)
                case "min": numeric(.min)
                case "max": numeric(.max)
                case "stddev": numeric(.stddev)
                case "pct", "percentile":
                    var p = 50.0
                    if args.count > 1, case .number(let n) = args[1] { p = n }
                    numeric(.pct(p))
                case "earliest": value(.earliest)
                case "latest": value(.latest)
                case "sortsFirst": value(.sortsFirst)
                default: value(.sortsLast)
                }
            case .unary(_, let a): collect(a)
            case .binary(_, let a, let b): collect(a); collect(b)
            case .membership(let a, let list, _): collect(a); list.forEach(collect)
            case .call(_, let args): args.forEach(collect)
            default: break
            }
        }
        aggregates.forEach { collect($0.expression) }
        var itemCompiler = compiler
        itemCompiler.aggregateSlots = assigned
        let items = aggregates.map { (slot: slots.slot($0.name), evaluate: itemCompiler.compile($0.expression)) }
        return StatsStep(
            groups: groupSteps, inputs: inputs, measures: measures, valued: valued, results: results, items: items,
            timestampSlot: slots.slot("@timestamp"))
    }

    /// The number of leading steps that look at one row at a time (`filter`, computed `fields`,
    /// `parse`, `unnest`): they can run on any worker, in any order.
    public var rowLocalPrefix: Int {
        steps.firstIndex { step in
            switch step {
            case .filter, .compute, .parse, .unnest: return false
            default: return true
            }
        } ?? steps.count
    }

    /// Whether the steps up to the first `stats` can run on several workers and merge
    /// (no `sort`, `limit` or `dedup` before it).
    public var mergesAcrossWorkers: Bool {
        for step in steps {
            switch step {
            case .stats: return true
            case .sort, .limit, .dedup: return false
            default: continue
            }
        }
        return false
    }
}

extension Expression {
    /// Whether evaluating needs `@timestamp` implicitly (`bin`, `earliest`, `latest`).
    var needsTimestamp: Bool {
        switch self {
        case .call(let name, let args): return ["bin", "earliest", "latest"].contains(name) || args.contains(where: \.needsTimestamp)
        case .unary(_, let a): return a.needsTimestamp
        case .binary(_, let a, let b): return a.needsTimestamp || b.needsTimestamp
        case .membership(let a, let list, _): return a.needsTimestamp || list.contains(where: \.needsTimestamp)
        default: return false
        }
    }
}
