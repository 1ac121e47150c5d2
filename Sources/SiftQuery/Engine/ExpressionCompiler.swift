#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A compiled expression: reads a row, returns a value.
public typealias RowEvaluator = @Sendable ([QueryValue]) -> QueryValue

/// Turns ``Expression``s into ``RowEvaluator`` closures over field slots.
struct ExpressionCompiler {
    let slots: FieldSlots

    /// Aggregate calls already assigned to a hidden slot, while compiling a `stats` item.
    var aggregateSlots: [Expression: Int]? = nil

    func compile(_ expression: Expression) -> RowEvaluator {
        switch expression {
        case .field(let name):
            let slot = slots.slot(name)
            return { $0[slot] }
        case .string(let s):
            let v = QueryValue.string(s)
            return { _ in v }
        case .number(let n):
            let v = QueryValue.number(n)
            return { _ in v }
        case .duration(let ms):
            let v = QueryValue.number(Double(ms))
            return { _ in v }
        case .regex(let pattern, _):
            let v = QueryValue.string(pattern)
            return { _ in v }
        case .star:
            return { _ in .bool(true) }
        case .unary("not", let e):
            let f = compile(e)
            return { .bool(!f($0).isTruthy) }
        case .unary(_, let e):
            let f = compile(e)
            return { row in f(row).numberValue.map { .number(-$0) } ?? .null }
        case .binary(let op, let a, let b):
            return binary(op, a, b)
        case .membership(let e, let list, let negated):
            let f = compile(e)
            let items = list.map(compile)
            return { row in
                let v = f(row)
                guard v.isPresent else { return .bool(false) }
                let found = items.contains { QueryValue.compare(v, $0(row)) == 0 }
                return .bool(found != negated)
            }
        case .call(let name, let args):
            if let slot = aggregateSlots?[expression] { return { $0[slot] } }
            return QueryFunctions.compile(name, args, self)
        }
    }

    private func binary(_ op: String, _ a: Expression, _ b: Expression) -> RowEvaluator {
        let f = compile(a)
        switch op {
        case "and":
            let g = compile(b)
            return { row in .bool(f(row).isTruthy && g(row).isTruthy) }
        case "or":
            let g = compile(b)
            return { row in .bool(f(row).isTruthy || g(row).isTruthy) }
        case "like", "not like", "=~":
            let negated = op == "not like"
            if case .regex(let pattern, let insensitive) = b, let regex = try? QueryRegex(pattern, caseInsensitive: insensitive) {
                return { row in
                    guard let text = f(row).stringValue else { return .bool(false) }
                    return .bool(regex.matches(text) != negated)
                }
            }
            let g = compile(b)
            let asRegex = op == "=~"
            return { row in
                guard let text = f(row).stringValue, let pattern = g(row).stringValue else { return .bool(false) }
                if asRegex { return .bool((try? QueryRegex(pattern))?.matches(text) ?? false) }
                return .bool(text.utf8.contains(subsequence: pattern.utf8) != negated)
            }
        default:
            break
        }
        if let comparison = Comparison(op) {
            if case .field(let name) = a, case .number(let n) = b {
                // `field OP number`, the common filter and `stats` condition (`http.status >= 500`):
                // the slot is read directly and numbers are ordered without the generic compare.
                let slot = slots.slot(name)
                let constant = QueryValue.number(n)
                return { row in
                    if case .number(let x) = row[slot] { return .bool(comparison.holds(QueryValue.order(x, n))) }
                    guard let order = QueryValue.compare(row[slot], constant) else { return .bool(false) }
                    return .bool(comparison.holds(order))
                }
            }
            let g = compile(b)
            return { row in
                guard let order = QueryValue.compare(f(row), g(row)) else { return .bool(false) }
                return .bool(comparison.holds(order))
            }
        }
        let g = compile(b)
        switch op {
        default:
            let operation: @Sendable (Double, Double) -> Double? = switch op {
            case "+": { $0 + $1 }
            case "-": { $0 - $1 }
            case "*": { $0 * $1 }
            case "/": { $1 == 0 ? nil : $0 / $1 }
            case "%": { $1 == 0 ? nil : $0.truncatingRemainder(dividingBy: $1) }
            default: { pow($0, $1) }
            }
            return { row in
                let x = f(row), y = g(row)
                guard let l = x.numberValue, let r = y.numberValue, let v = operation(l, r) else { return .null }
                // timestamp ± span stays a timestamp
                if case .timestamp = x, op == "+" || op == "-", !(y.isTimestamp) { return .timestamp(millis: v) }
                return .number(v)
            }
        }
    }
}

/// One of the six comparison operators, applied to the order ``QueryValue/compare(_:_:)`` gives.
enum Comparison: Sendable {
    case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual

    init?(_ op: String) {
        switch op {
        case "=": self = .equal
        case "!=": self = .notEqual
        case "<": self = .less
        case "<=": self = .lessOrEqual
        case ">": self = .greater
        case ">=": self = .greaterOrEqual
        default: return nil
        }
    }

    /// Whether the comparison holds for `order` (-1, 0 or 1).
    @inline(__always)
    func holds(_ order: Int) -> Bool {
        switch self {
        case .equal: order == 0
        case .notEqual: order != 0
        case .less: order < 0
        case .lessOrEqual: order <= 0
        case .greater: order > 0
        case .greaterOrEqual: order >= 0
        }
    }
}

extension QueryValue {
    var isTimestamp: Bool { if case .timestamp = self { return true } else { return false } }
}

extension Sequence where Element == UInt8 {
    /// Whether the bytes contain `needle` as a contiguous run.
    func contains<Needle: Collection>(subsequence needle: Needle) -> Bool where Needle.Element == UInt8 {
        let hay = Array(self), n = Array(needle)
        guard !n.isEmpty else { return true }
        guard hay.count >= n.count else { return false }
        outer: for i in 0...(hay.count - n.count) where hay[i] == n[0] {
            for j in 1..<n.count where hay[i + j] != n[j] { continue outer }
            return true
        }
        return false
    }
}
