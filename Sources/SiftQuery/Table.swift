/// A typed result table: what every report and query returns.
///
/// Columns have names and types; rows are arrays of ``Table/Value`` in column order. Renderers in
/// SiftRender print it as aligned text, JSON Lines or CSV; scripts read it directly.
///
/// ```swift
/// var table = Table(columns: [.init("route", .string), .init("count", .integer)])
/// table.append([.string("/items"), .integer(3)])
/// print(table)
/// ```
public struct Table: Sendable, Equatable, CustomStringConvertible {
    /// The type of a column's values.
    public enum ColumnType: Sendable, Equatable {
        /// Text.
        case string
        /// Whole numbers.
        case integer
        /// Floating-point numbers, shown in tables with `decimals` fractional digits.
        case double(decimals: Int)
        /// Booleans.
        case bool
        /// Lists of strings (JSON arrays in JSON output, `;`-joined in tables and CSV).
        case strings
    }

    /// A named, typed column.
    public struct Column: Sendable, Equatable {
        /// The column name (the JSON key).
        public var name: String
        /// The type of its values.
        public var type: ColumnType
        /// Creates a column.
        public init(_ name: String, _ type: ColumnType) {
            self.name = name
            self.type = type
        }
    }

    /// One cell.
    public enum Value: Sendable, Equatable, Hashable {
        /// No value (JSON `null`, empty in tables and CSV).
        case null
        /// Text.
        case string(String)
        /// A whole number.
        case integer(Int64)
        /// A floating-point number.
        case double(Double)
        /// A boolean.
        case bool(Bool)
        /// A list of strings.
        case strings([String])

        /// The value as a double when it is numeric.
        public var doubleValue: Double? {
            switch self {
            case .integer(let i): return Double(i)
            case .double(let d): return d
            default: return nil
            }
        }

        /// The value as text when it is a string.
        public var stringValue: String? {
            if case .string(let s) = self { return s }
            return nil
        }
    }

    /// The columns, in order.
    public var columns: [Column]
    /// The rows, each with one value per column.
    public var rows: [[Value]]

    /// Creates a table.
    public init(columns: [Column], rows: [[Value]] = []) {
        self.columns = columns
        self.rows = rows
    }

    /// Appends a row; it must have one value per column.
    public mutating func append(_ row: [Value]) {
        precondition(row.count == columns.count, "row has \(row.count) values for \(columns.count) columns")
        rows.append(row)
    }

    /// The index of a column by name.
    public func columnIndex(_ name: String) -> Int? { columns.firstIndex { $0.name == name } }

    /// The values of one column.
    public func column(_ name: String) -> [Value]? {
        guard let index = columnIndex(name) else { return nil }
        return rows.map { $0[index] }
    }

    /// The table as aligned text, as `sift ... --format table` prints it.
    public var description: String { TextTableFormatter.format(self) }
}

/// Aligned plain-text rendering of a ``Table`` (numbers right-aligned, a dashed rule under the header).
public enum TextTableFormatter {
    /// Formats one cell as table text.
    public static func text(_ value: Table.Value, _ type: Table.ColumnType) -> String {
        switch value {
        case .null: return ""
        case .string(let s): return s.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) ? printable(s) : s
        case .integer(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .strings(let list): return list.joined(separator: ";")
        case .double(let d):
            if case .double(let decimals) = type { return fixed(d, decimals: decimals) }
            return fixed(d, decimals: 3)
        }
    }

    /// `s` on one line: line breaks and tabs become spaces, so table rows stay aligned.
    public static func printable(_ s: String) -> String {
        String(s.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }

    /// `d` with exactly `decimals` fractional digits, rounded half away from zero.
    public static func fixed(_ d: Double, decimals: Int) -> String {
        guard d.isFinite else { return d.isNaN ? "NaN" : (d < 0 ? "-Inf" : "Inf") }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(d) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9.0e18 else { return String(d) }
        let whole = Int64(scaled)
        let intPart = whole / Int64(scale)
        var text = (d < 0 && whole != 0 ? "-" : "") + String(intPart)
        if decimals > 0 {
            let frac = String(whole % Int64(scale))
            text += "." + String(repeating: "0", count: decimals - frac.count) + frac
        }
        return text
    }

    /// The whole table.
    public static func format(_ table: Table) -> String {
        let header = table.columns.map(\.name)
        let cells = table.rows.map { row in row.enumerated().map { text($0.element, table.columns[$0.offset].type) } }
        // Widths in Unicode scalars: as wide as characters for the text sift prints, and much cheaper.
        var widths = header.map(\.unicodeScalars.count)
        for row in cells { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.unicodeScalars.count) } }
        func numeric(_ i: Int) -> Bool {
            switch table.columns[i].type {
            case .integer, .double: return true
            default: return false
            }
        }
        func line(_ values: [String]) -> String {
            var parts: [String] = []
            for (i, v) in values.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - v.unicodeScalars.count)
                let last = i == values.count - 1
                parts.append(numeric(i) ? pad + v : (last ? v : v + pad))
            }
            return parts.joined(separator: "  ")
        }
        var out = line(header) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for row in cells { out += line(row) + "\n" }
        return out
    }
}
