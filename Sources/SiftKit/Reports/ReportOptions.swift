import SiftQuery

/// Sorting and limiting of a report's rows: `--sort COLUMN[:asc|desc]` and `--limit N`.
public struct ReportOrder: Sendable {
    /// The column to sort by.
    public var column: String
    /// Largest first when `true`.
    public var descending: Bool
    /// At most this many rows; `nil` keeps all.
    public var limit: Int?

    /// Creates an order.
    public init(column: String, descending: Bool = true, limit: Int? = nil) {
        self.column = column
        self.descending = descending
        self.limit = limit
    }

    /// Parses `column`, `column:asc` or `column:desc`; numbers sort descending by default.
    public init(parsing text: String, limit: Int?) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        self.init(column: parts.first ?? text, descending: parts.count < 2 || parts[1].lowercased() != "asc", limit: limit)
    }

    /// The indices of `table`'s rows sorted by the column (ties broken by the other columns in
    /// order, ascending; then by input order) and cut to the limit.
    ///
    /// - Complexity: O(n log k) for `--limit k`, keeping k indices; O(n log n) without a limit.
    /// - Throws: ``ReportError/unknownColumn(_:available:)`` when the column does not exist.
    public func orderedIndices(of table: Table) throws(ReportError) -> [Int] {
        guard let index = table.columnIndex(column) else {
            throw ReportError.unknownColumn(column, available: table.columns.map(\.name))
        }
        let descending = self.descending
        let rows = table.rows
        let areInIncreasingOrder: (Int, Int) -> Bool = { i, j in
            let a = rows[i], b = rows[j]
            let order = Table.Value.compare(a[index], b[index])
            if order != 0 { return descending ? order > 0 : order < 0 }
            for k in a.indices where k != index {
                let tie = Table.Value.compare(a[k], b[k])
                if tie != 0 { return tie < 0 }
            }
            return i < j
        }
        if let limit, limit < rows.count {
            var top = TopK<Int>(limit, by: areInIncreasingOrder)
            for i in rows.indices { top.insert(i) }
            return top.sorted()
        }
        return rows.indices.sorted(by: areInIncreasingOrder)
    }
}

/// Errors in a report's options.
public enum ReportError: Error, Sendable, CustomStringConvertible {
    /// `--sort` names a column the report does not have.
    case unknownColumn(String, available: [String])

    /// The message for the user.
    public var description: String {
        switch self {
        case .unknownColumn(let name, let available):
            return "unknown column '\(name)'; expected one of: \(available.joined(separator: ", "))"
        }
    }
}

extension Table.Value {
    /// Orders values: nulls first, then numbers by value, strings bytewise, booleans false first,
    /// objects by their table text (`k=v,...`).
    public static func compare(_ a: Table.Value, _ b: Table.Value) -> Int {
        switch (a, b) {
        case (.null, .null): return 0
        case (.null, _): return -1
        case (_, .null): return 1
        default: break
        }
        if let x = a.doubleValue, let y = b.doubleValue { return x < y ? -1 : (x > y ? 1 : 0) }
        switch (a, b) {
        case (.string(let x), .string(let y)): return x < y ? -1 : (x > y ? 1 : 0)
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (x ? 1 : -1)
        case (.object, .object):
            let x = TextTableFormatter.text(a, .object), y = TextTableFormatter.text(b, .object)
            return x < y ? -1 : (x > y ? 1 : 0)
        default: return String(describing: a) < String(describing: b) ? -1 : 1
        }
    }
}
