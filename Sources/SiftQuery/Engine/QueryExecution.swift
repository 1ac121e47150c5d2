import SiftJSON

/// Runs a ``QueryPlan`` over rows pushed by a source, streaming: filters and computed fields
/// are applied row by row, `stats` keeps one state per group, and only `sort` buffers rows.
///
/// ```swift
/// let plan = QueryPlan(try Query("stats count(*) by route"), defaultColumns: [])
/// var execution = QueryExecution(plan)
/// var row = execution.emptyRow
/// row[plan.slots.slot("route")] = .string("/items")
/// execution.push(row)
/// let table = execution.finish()
/// ```
public struct QueryExecution: Sendable {
    /// The plan being run.
    public let plan: QueryPlan
    // Per-step state, indexed by step.
    private var dedupSeen: [Set<[QueryValue]>]
    private var limitCounts: [Int]
    private var sortBuffers: [[[QueryValue]]]
    private var groups: [GroupTable]
    /// The group key being built (reused, so a row of a known group allocates nothing).
    private var keyBuffer: [QueryValue] = []
    private var output: [[QueryValue]] = []
    /// Rows pushed by the source.
    public private(set) var rowsScanned = 0

    /// Per-group aggregate states of one `stats` step, in first-seen group order.
    struct GroupTable: Sendable {
        var index: [[QueryValue]: Int] = [:]
        var keys: [[QueryValue]] = []
        var states: [[StatsAccumulator]] = []

        mutating func merge(_ other: GroupTable) {
            for (slot, key) in other.keys.enumerated() {
                if let mine = index[key] {
                    for a in states[mine].indices { states[mine][a].merge(other.states[slot][a]) }
                } else {
                    index[key] = keys.count
                    keys.append(key)
                    states.append(other.states[slot])
                }
            }
        }
    }

    /// Where rows leave the pipeline early (``QueryPlan/rowLocalPrefix``) on a worker that
    /// only prepares rows for a later ``push(_:fromStep:)``; `nil` runs every step.
    private let stopAt: Int?

    /// Creates an execution with no rows yet.
    ///
    /// - Parameter prefixOnly: Run only ``QueryPlan/rowLocalPrefix`` (filters, computed fields,
    ///   `parse`, `unnest`) and keep the resulting rows in ``preparedRows``, so several workers
    ///   can prepare rows in parallel for one execution that keeps the query's row order.
    public init(_ plan: QueryPlan, prefixOnly: Bool = false) {
        self.plan = plan
        self.stopAt = prefixOnly ? plan.rowLocalPrefix : nil
        dedupSeen = Array(repeating: [], count: plan.steps.count)
        limitCounts = Array(repeating: 0, count: plan.steps.count)
        sortBuffers = Array(repeating: [], count: plan.steps.count)
        groups = Array(repeating: GroupTable(), count: plan.steps.count)
    }

    /// Rows that passed the row-local prefix (only with `prefixOnly`).
    public var preparedRows: [[QueryValue]] { output }

    /// Feeds a row that already passed the steps before `fromStep` (from a `prefixOnly` worker).
    public mutating func push(_ row: [QueryValue], fromStep: Int) {
        run(row, from: fromStep)
    }

    /// Counts rows a `prefixOnly` worker scanned.
    public mutating func addScanned(_ count: Int) { rowsScanned += count }

    /// A row with every slot absent, to fill and ``push(_:)``.
    public var emptyRow: [QueryValue] { Array(repeating: .null, count: plan.slots.count) }

    /// `true` once a `limit` before any `sort` or `stats` is full: more rows change nothing.
    public var isSaturated: Bool {
        for (i, step) in plan.steps.enumerated() {
            switch step {
            case .limit(let n): return limitCounts[i] >= n
            case .sort, .stats, .unnest: return false
            default: continue
            }
        }
        return false
    }

    /// Feeds one source row.
    public mutating func push(_ row: [QueryValue]) {
        rowsScanned += 1
        run(row, from: 0)
    }

    private mutating func run(_ input: [QueryValue], from first: Int) {
        var row = input
        var i = first
        while i < plan.steps.count {
            if i == stopAt { break }
            switch plan.steps[i] {
            case .filter(let predicate):
                if !predicate(row).isTruthy { return }
            case .compute(let list):
                for (slot, evaluate) in list { row[slot] = evaluate(row) }
            case .parse(let source, let matcher):
                guard let text = row[source].stringValue, let values = matcher.captures(text) else {
                    for slot in matcher.slots { row[slot] = .null }
                    break
                }
                for (slot, value) in zip(matcher.slots, values) { row[slot] = value }
            case .unnest(let source, let target):
                guard let elements = QueryExecution.elements(row[source]) else { return }
                for element in elements {
                    var expanded = row
                    expanded[target] = element
                    run(expanded, from: i + 1)
                }
                return
            case .dedup(let slots):
                let key = slots.map { row[$0] }
                if !dedupSeen[i].insert(key).inserted { return }
            case .limit(let n):
                if limitCounts[i] >= n { return }
                limitCounts[i] += 1
            case .sort:
                sortBuffers[i].append(row)
                return
            case .stats(let stats):
                aggregate(row, stats, step: i)
                return
            }
            i += 1
        }
        output.append(row)
    }

    private mutating func aggregate(_ row: [QueryValue], _ stats: QueryPlan.StatsStep, step: Int) {
        keyBuffer.removeAll(keepingCapacity: true)
        for group in stats.groups { keyBuffer.append(group.evaluate(row)) }
        let slot: Int
        if let known = groups[step].index[keyBuffer] {
            slot = known
        } else {
            slot = groups[step].keys.count
            groups[step].index[keyBuffer] = slot
            groups[step].keys.append(keyBuffer)
            groups[step].states.append(stats.aggregates.map(StatsAccumulator.init))
        }
        let time = QueryFunctions.timestampMillis(row[stats.timestampSlot])
        for (a, spec) in stats.aggregates.enumerated() {
            let value = spec.argument?(row) ?? .null
            groups[step].states[slot][a].add(value, time: time, countsPresence: spec.countsPresence)
        }
    }

    /// Adds another worker's partial state (same plan, run over other inputs) into this one.
    ///
    /// Valid when ``QueryPlan/mergesAcrossWorkers`` is true: workers stop at the first `stats`.
    public mutating func merge(_ other: QueryExecution) {
        rowsScanned += other.rowsScanned
        for step in groups.indices { groups[step].merge(other.groups[step]) }
        output += other.output
    }

    /// Flushes `stats` and `sort` in order and returns the result table.
    public mutating func finish() -> Table {
        for (i, step) in plan.steps.enumerated() {
            switch step {
            case .sort(let keys):
                let rows = sortBuffers[i]
                sortBuffers[i] = []
                let keyed = rows.map { row in (row, keys.map { $0.evaluate(row) }) }
                let sorted = keyed.enumerated().sorted { a, b in
                    for (k, key) in keys.enumerated() {
                        let x = a.element.1[k], y = b.element.1[k]
                        if x == y { continue }
                        // Absent values sort last in either direction.
                        if !x.isPresent { return false }
                        if !y.isPresent { return true }
                        let c = QueryValue.compare(x, y) ?? 0
                        if c == 0 { continue }
                        return key.descending ? c > 0 : c < 0
                    }
                    return a.offset < b.offset
                }
                for (_, entry) in sorted { run(entry.0, from: i + 1) }
            case .stats(let stats):
                var table = groups[i]
                groups[i] = GroupTable()
                for (g, key) in table.keys.enumerated() {
                    var row = emptyRow
                    for (group, value) in zip(stats.groups, key) { row[group.slot] = value }
                    for (a, spec) in stats.aggregates.enumerated() { row[spec.slot] = table.states[g][a].result() }
                    for item in stats.items { row[item.slot] = item.evaluate(row) }
                    run(row, from: i + 1)
                }
            default:
                continue
            }
        }
        return QueryExecution.table(columns: plan.columns, slots: plan.columns.map(plan.slots.slot), rows: output)
    }

    /// The elements of a JSON array held as text (numbers, booleans and strings as values,
    /// nested objects and arrays as JSON text), or `nil` when the value is not an array.
    static func elements(_ value: QueryValue) -> [QueryValue]? {
        guard case .string(var text) = value else { return nil }
        guard let parsed = text.withUTF8({ try? JSONValue.parse(UnsafeRawBufferPointer($0)) }), case .array(let items) = parsed else { return nil }
        return items.map { item in
            switch item {
            case .null: return .null
            case .bool(let b): return .bool(b)
            case .number(let n): return .number(n)
            case .string(let s): return .string(s)
            default:
                return .string(item.serialized())
            }
        }
    }

    /// Builds the typed table: a column of whole numbers is `integer`, of other numbers `double`.
    static func table(columns: [String], slots: [Int], rows: [[QueryValue]]) -> Table {
        var types: [Table.ColumnType] = []
        for slot in slots {
            var sawNumber = false, fractional = false, sawOther = false, sawBool = false
            for row in rows {
                switch row[slot] {
                case .null: continue
                case .number(let n):
                    sawNumber = true
                    if n != n.rounded() || abs(n) >= 9e15 { fractional = true }
                case .bool: sawBool = true
                default: sawOther = true
                }
            }
            if sawOther || (sawNumber && sawBool) {
                types.append(.string)
            } else if sawBool {
                types.append(.bool)
            } else if sawNumber {
                types.append(fractional ? .double(decimals: 3) : .integer)
            } else {
                types.append(.string)
            }
        }
        var table = Table(columns: zip(columns, types).map { Table.Column($0.0, $0.1) })
        for row in rows {
            table.append(zip(slots, types).map { slot, type in
                let value = row[slot]
                switch (type, value) {
                case (.string, .null): return .null
                case (.string, _): return .string(value.stringValue ?? "")
                case (.double, .number(let n)): return .double(n)
                default: return value.tableValue
                }
            })
        }
        return table
    }
}
