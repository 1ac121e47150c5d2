/// A typed result table: what every report and query returns.
///
/// Columns have names and types; rows are arrays of ``Table/Value`` in column order. The writers in
/// SiftRender print it as aligned text, JSON Lines or CSV (and make `print(table)` show the text);
/// scripts read it directly.
///
/// Values are scalars, lists of strings or ordered objects. JSON Lines keeps that structure (lists
/// are arrays, objects are objects); the text table and CSV flatten it (`a;b`, `k=v,k=v`).
///
/// ```swift
/// var table = Table(columns: [.init("route", .string), .init("count", .integer)])
/// table.append([.string("/items"), .integer(3)])
/// print(table)
/// ```
public struct Table: Sendable, Equatable {
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
        /// Ordered key-value maps such as metric dimensions (JSON objects in JSON output, with the
        /// keys in order; `k=v` pairs joined by `,` in tables and CSV).
        case object
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
    public enum Value: Sendable, Hashable {
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
        /// An ordered object: members in order, keys as given (a list, not a dictionary, so the
        /// order survives into JSON output).
        case object([(key: String, value: Value)])

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

        /// The members when the value is an object.
        public var objectValue: [(key: String, value: Value)]? {
            if case .object(let members) = self { return members }
            return nil
        }

        /// Values are equal when they are the same case with equal payloads (objects member by
        /// member, in order; doubles with `==`, so NaN equals nothing).
        public static func == (a: Value, b: Value) -> Bool {
            switch (a, b) {
            case (.null, .null): return true
            case (.string(let x), .string(let y)): return x == y
            case (.integer(let x), .integer(let y)): return x == y
            case (.double(let x), .double(let y)): return x == y
            case (.bool(let x), .bool(let y)): return x == y
            case (.strings(let x), .strings(let y)): return x == y
            case (.object(let x), .object(let y)): return x.elementsEqual(y) { $0.key == $1.key && $0.value == $1.value }
            default: return false
            }
        }

        /// Hashes the case and its payload.
        public func hash(into hasher: inout Hasher) {
            switch self {
            case .null: hasher.combine(0)
            case .string(let s): hasher.combine(1); hasher.combine(s)
            case .integer(let i): hasher.combine(2); hasher.combine(i)
            case .double(let d): hasher.combine(3); hasher.combine(d)
            case .bool(let b): hasher.combine(4); hasher.combine(b)
            case .strings(let list): hasher.combine(5); hasher.combine(list)
            case .object(let members):
                hasher.combine(6)
                hasher.combine(members.count)
                for member in members {
                    hasher.combine(member.key)
                    hasher.combine(member.value)
                }
            }
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
}
