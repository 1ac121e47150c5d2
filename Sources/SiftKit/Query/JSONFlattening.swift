import SiftJSON
import SiftQuery

/// Logs Insights' view of JSON as fields: nested objects flatten with dots (`a.b.c`), arrays
/// with indices (`list.0`, `list.1`), scalars become values, and an array or object itself is
/// also available as JSON text under its own name (for `unnest` and `jsonParse`).
enum JSONFlattening {
    /// The query value of a JSON value: scalars as they are, arrays and objects as JSON text.
    static func queryValue(_ value: JSONValue) -> QueryValue {
        switch value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let n): return .number(n)
        case .string(let s): return .string(s)
        case .array, .object: return .string(value.serialized())
        }
    }

    /// The value at a dotted `path` under `value`, where object keys may contain dots.
    static func find(_ value: JSONValue, path: Substring) -> QueryValue {
        if path.isEmpty { return queryValue(value) }
        switch value {
        case .object(let members):
            for (key, member) in members where path.hasPrefix(key) {
                let rest = path.dropFirst(key.count)
                if rest.isEmpty { return queryValue(member) }
                if rest.first == "." {
                    let found = find(member, path: rest.dropFirst())
                    if found.isPresent { return found }
                }
            }
            return .null
        case .array(let items):
            let digits = path.prefix { $0 != "." }
            guard let index = Int(digits), items.indices.contains(index) else { return .null }
            let rest = path.dropFirst(digits.count)
            return rest.isEmpty ? queryValue(items[index]) : find(items[index], path: rest.dropFirst())
        default:
            return .null
        }
    }
}
