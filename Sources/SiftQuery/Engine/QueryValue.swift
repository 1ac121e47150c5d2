import SiftModel

/// One field value in a query row.
///
/// Missing fields are ``null``; comparisons with `null` are false and arithmetic on it gives
/// `null`, as in Logs Insights. Timestamps are milliseconds since the epoch and print as
/// ISO 8601 UTC.
public enum QueryValue: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Absent.
    case null
    /// Text.
    case string(String)
    /// A number (integers are exact up to 2^53).
    case number(Double)
    /// A boolean.
    case bool(Bool)
    /// An instant, in milliseconds since the Unix epoch.
    case timestamp(Int64)

    /// The largest magnitude of a ``timestamp(_:)`` in milliseconds: the instants a ``Timestamp``
    /// holds in nanoseconds (1677-09-21 to 2262-04-11).
    public static let maxTimestampMillis: Int64 = Int64.max / 1_000_000

    /// A timestamp from milliseconds read from data or computed (`fromMillis`, `@timestamp + x`),
    /// rounded towards negative infinity; ``null`` when the value is not finite or lies beyond
    /// ±``maxTimestampMillis``, never a trap.
    public static func timestamp(millis: Double) -> QueryValue {
        milliseconds(millis).map { .timestamp($0) } ?? .null
    }

    /// Whole milliseconds, rounded down, or `nil` when not finite or beyond ±``maxTimestampMillis``.
    public static func milliseconds(_ millis: Double) -> Int64? {
        let limit = Double(maxTimestampMillis)
        guard millis.isFinite, millis >= -limit, millis <= limit else { return nil }
        return Int64(millis.rounded(.down))
    }

    /// `true` unless ``null``.
    public var isPresent: Bool { if case .null = self { return false } else { return true } }

    /// The value as a number: numbers, timestamps (ms), booleans (1/0) and numeric strings.
    public var numberValue: Double? {
        switch self {
        case .number(let n): return n
        case .timestamp(let ms): return Double(ms)
        case .bool(let b): return b ? 1 : 0
        case .string(let s): return Double(s.trimmingSpaces)
        case .null: return nil
        }
    }

    /// The value as text (numbers without a trailing `.0` when whole; timestamps ISO 8601).
    public var stringValue: String? {
        switch self {
        case .null: return nil
        case .string(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return QueryValue.format(n)
        case .timestamp(let ms): return Timestamp(millisecondsSinceEpoch: ms).description
        }
    }

    /// Truth in `filter` and `and`/`or`: booleans as they are, numbers when non-zero, the strings `true`/`false`.
    public var isTruthy: Bool {
        switch self {
        case .bool(let b): return b
        case .number(let n): return n != 0
        case .string(let s): return s == "true" || s == "1"
        case .timestamp: return true
        case .null: return false
        }
    }

    /// Text for tables and messages.
    public var description: String { stringValue ?? "" }

    /// A number as text: whole numbers without a fraction.
    public static func format(_ n: Double) -> String {
        if n == n.rounded(), abs(n) < 1e15 { return String(Int64(n)) }
        return String(n)
    }

    /// Compares two present values: numerically when both are numbers (or numeric text against
    /// a number), else as text; `nil` when either is absent.
    public static func compare(_ a: QueryValue, _ b: QueryValue) -> Int? {
        switch (a, b) {
        case (.null, _), (_, .null): return nil
        case (.string(let x), .string(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.string, _), (_, .string):
            if let x = a.numberValue, let y = b.numberValue { return order(x, y) }
            let x = a.stringValue!, y = b.stringValue!
            return x < y ? -1 : (x == y ? 0 : 1)
        default:
            return order(a.numberValue!, b.numberValue!)
        }
    }

    /// How ``compare(_:_:)`` orders two numbers: -1, 0 or 1 (1 when either is NaN).
    @inline(__always)
    static func order(_ x: Double, _ y: Double) -> Int { x < y ? -1 : (x == y ? 0 : 1) }

    /// Sort order: present values by ``compare(_:_:)``, `null` after everything.
    public static func < (a: QueryValue, b: QueryValue) -> Bool {
        switch (a.isPresent, b.isPresent) {
        case (false, _): return false
        case (true, false): return true
        default: return compare(a, b)! < 0
        }
    }

    /// The value as a table cell: whole numbers become integers, timestamps ISO 8601 text.
    public var tableValue: Table.Value {
        switch self {
        case .null: return .null
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        case .number(let n): return n == n.rounded() && abs(n) < 9e15 ? .integer(Int64(n)) : .double(n)
        case .timestamp(let ms): return .string(Timestamp(millisecondsSinceEpoch: ms).description)
        }
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    var trimmingSpaces: Substring {
        var s = self[...]
        while let c = s.first, c == " " || c == "\t" || c.isNewline { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" || c.isNewline { s = s.dropLast() }
        return s
    }
}
