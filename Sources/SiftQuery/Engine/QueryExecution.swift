import SiftJSON
import SiftModel

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
    /// The groups of each `stats` step (`nil` for other steps).
    private var groups: [StatsGroups?]
    private var output: [[QueryValue]] = []
    /// Rows pushed by the source.
    public private(set) var rowsScanned = 0
    /// The first `limit` step when no `sort`, `stats` or `unnest` precedes it (see ``isSaturated``).
    private let leadingLimit: (step: Int, count: Int)?

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
        groups = plan.steps.map { step in
            if case .stats(let stats) = step { return StatsGroups(stats) }
            return nil
        }
        leadingLimit = QueryExecution.leadingLimit(plan.steps)
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
        guard let leadingLimit else { return false }
        return limitCounts[leadingLimit.step] >= leadingLimit.count
    }

    private static func leadingLimit(_ steps: [QueryPlan.Step]) -> (step: Int, count: Int)? {
        for (i, step) in steps.enumerated() {
            switch step {
            case .limit(let n): return (i, n)
            case .sort, .stats, .unnest: return nil
            default: continue
            }
        }
        return nil
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
                groups[i]!.add(row, stats)
                return
            }
            i += 1
        }
        output.append(row)
    }

    /// Adds another worker's partial state (same plan, run over other inputs) into this one.
    ///
    /// Valid when ``QueryPlan/mergesAcrossWorkers`` is true: workers stop at the first `stats`.
    public mutating func merge(_ other: QueryExecution) {
        rowsScanned += other.rowsScanned
        for step in groups.indices where groups[step] != nil { groups[step]!.merge(other.groups[step]!) }
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
                let results = groups[i]!.results(stats)
                groups[i] = StatsGroups(stats)
                for (key, values) in results {
                    var row = emptyRow
                    for (slot, value) in zip(stats.groupSlots, key) { row[slot] = value }
                    for (result, value) in zip(stats.results, values) { row[result.slot] = value }
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
