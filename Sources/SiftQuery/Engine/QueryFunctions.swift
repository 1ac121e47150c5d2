#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SiftJSON

/// The scalar functions of the query language, compiled to closures.
enum QueryFunctions {
    static func compile(_ name: String, _ args: [Expression], _ compiler: ExpressionCompiler) -> RowEvaluator {
        let f = args.map { compiler.compile($0) }
        func string(_ transform: @escaping @Sendable (String) -> QueryValue) -> RowEvaluator {
            let a = f[0]
            return { row in a(row).stringValue.map(transform) ?? .null }
        }
        func number(_ transform: @escaping @Sendable (Double) -> Double) -> RowEvaluator {
            let a = f[0]
            return { row in a(row).numberValue.map { .number(transform($0)) } ?? .null }
        }
        switch name {
        case "strlen": return string { .number(Double($0.count)) }
        case "toupper": return string { .string($0.uppercased()) }
        case "tolower": return string { .string($0.lowercased()) }
        case "trim": return string { .string(String($0.trimmingSpaces)) }
        case "ltrim": return string { s in .string(String(s.drop { $0 == " " || $0 == "\t" || $0.isNewline })) }
        case "rtrim": return string { s in .string(String(s.reversed().drop { $0 == " " || $0 == "\t" || $0.isNewline }.reversed())) }
        case "substr":
            let (a, start) = (f[0], f[1])
            let length = f.count > 2 ? f[2] : nil
            return { row in
                guard let s = a(row).stringValue, let from = start(row).numberValue, !from.isNaN else { return .null }
                let chars = Array(s)
                let lower = clampedCount(from, chars.count)
                var upper = chars.count
                if let length, let n = length(row).numberValue {
                    guard !n.isNaN else { return .null }
                    upper = lower + clampedCount(n, chars.count - lower)
                }
                return .string(String(chars[lower..<upper]))
            }
        case "replace":
            let (a, b, c) = (f[0], f[1], f[2])
            return { row in
                guard let s = a(row).stringValue, let target = b(row).stringValue, let with = c(row).stringValue else { return .null }
                return .string(replaceAll(s, target, with))
            }
        case "concat":
            return { row in .string(f.map { $0(row).stringValue ?? "" }.joined()) }
        case "strcontains":
            let (a, b) = (f[0], f[1])
            return { row in
                guard let s = a(row).stringValue, let t = b(row).stringValue else { return .null }
                return .bool(s.utf8.contains(subsequence: t.utf8))
            }
        case "isempty":
            let a = f[0]
            return { row in .bool((a(row).stringValue ?? "").isEmpty) }
        case "isblank":
            let a = f[0]
            return { row in .bool((a(row).stringValue ?? "").trimmingSpaces.isEmpty) }
        case "abs": return number { Swift.abs($0) }
        case "ceil": return number { $0.rounded(.up) }
        case "floor": return number { $0.rounded(.down) }
        case "log": return number { Glibc.log($0) }
        case "sqrt": return number { $0.squareRoot() }
        case "greatest", "least":
            let greatest = name == "greatest"
            return { row in
                var best: QueryValue = .null
                for g in f {
                    let v = g(row)
                    guard v.isPresent else { continue }
                    if !best.isPresent { best = v; continue }
                    let c = QueryValue.compare(v, best) ?? 0
                    if greatest ? c > 0 : c < 0 { best = v }
                }
                return best
            }
        case "bin":
            let timestamp = compiler.slots.slot("@timestamp")
            let period = f[0]
            return { row in
                guard let ms = timestampMillis(row[timestamp]), let p = period(row).numberValue.flatMap(periodMillis) else { return .null }
                return .timestamp(floorTo(ms, p))
            }
        case "datefloor", "dateceil":
            let (a, period) = (f[0], f[1])
            let ceiling = name == "dateceil"
            return { row in
                guard let ms = timestampMillis(a(row)), let p = period(row).numberValue.flatMap(periodMillis) else { return .null }
                let floored = floorTo(ms, p)
                return .timestamp(ceiling && floored != ms ? floored + p : floored)
            }
        case "fromMillis":
            let a = f[0]
            return { row in a(row).numberValue.map { QueryValue.timestamp(millis: $0) } ?? .null }
        case "toMillis":
            let a = f[0]
            return { row in timestampMillis(a(row)).map { .number(Double($0)) } ?? .null }
        case "ispresent":
            if case .field(let name)? = args.first {
                let slot = compiler.slots.slot(name)
                return { row in .bool(row[slot].isPresent) }
            }
            let a = f[0]
            return { row in .bool(a(row).isPresent) }
        case "coalesce":
            return { row in
                for g in f { let v = g(row); if v.isPresent { return v } }
                return .null
            }
        case "isValidIp": return string { .bool(IPAddress.parse($0) != nil) }
        case "isValidIpV4": return string { .bool(IPAddress.parse($0)?.count == 4) }
        case "isValidIpV6": return string { .bool(IPAddress.parse($0)?.count == 16) }
        case "isIpInSubnet", "isIpv4InSubnet", "isIpv6InSubnet":
            let (a, b) = (f[0], f[1])
            let family = name == "isIpv4InSubnet" ? 4 : (name == "isIpv6InSubnet" ? 16 : 0)
            return { row in
                guard let ip = a(row).stringValue, let subnet = b(row).stringValue else { return .null }
                return .bool(IPAddress.isInSubnet(ip, subnet, family: family))
            }
        case "jsonParse":
            let a = f[0]
            return { row in
                guard var text = a(row).stringValue else { return .null }
                let valid = text.withUTF8 { (try? JSONValue.parse(UnsafeRawBufferPointer($0))) != nil }
                return valid ? .string(text) : .null
            }
        case "jsonStringify":
            let a = f[0]
            return { row in
                let v = a(row)
                switch v {
                case .null: return .string("null")
                case .number(let n): return .string(QueryValue.format(n))
                case .bool(let b): return .string(b ? "true" : "false")
                case .string(var s):
                    let isJSON = s.withUTF8 { bytes -> Bool in
                        guard let first = bytes.first, first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else { return false }
                        return (try? JSONValue.parse(UnsafeRawBufferPointer(bytes))) != nil
                    }
                    if isJSON { return .string(s) }
                    var out: [UInt8] = []
                    JSONWriter.appendQuoted(s, to: &out)
                    return .string(String(decoding: out, as: UTF8.self))
                case .timestamp:
                    var out: [UInt8] = []
                    JSONWriter.appendQuoted(v.stringValue!, to: &out)
                    return .string(String(decoding: out, as: UTF8.self))
                }
            }
        default:
            preconditionFailure("function \(name) passed the parser's catalog but has no implementation")
        }
    }

    /// Milliseconds of a timestamp or a number of milliseconds; `nil` for anything else and for
    /// values that are not finite or lie beyond ±``QueryValue/maxTimestampMillis`` (data
    /// values never trap: the function's result is absent).
    static func timestampMillis(_ v: QueryValue) -> Int64? {
        switch v {
        case .timestamp(let ms): return abs(ms) <= QueryValue.maxTimestampMillis ? ms : nil
        case .number(let n): return QueryValue.milliseconds(n)
        default: return nil
        }
    }

    /// A period in whole milliseconds: at least 1 and at most ``QueryValue/maxTimestampMillis``
    /// (so a floor plus its period never overflows), else `nil`.
    static func periodMillis(_ p: Double) -> Int64? {
        guard p >= 1, p <= Double(QueryValue.maxTimestampMillis) else { return nil }
        return Int64(p)
    }

    /// `n` truncated and clamped to `0...limit` (`substr` indices and lengths of any size).
    static func clampedCount(_ n: Double, _ limit: Int) -> Int {
        n >= Double(limit) ? limit : (n <= 0 ? 0 : Int(n))
    }

    /// `ms` rounded down to a multiple of `period` (UTC epoch aligned, also before 1970).
    static func floorTo(_ ms: Int64, _ period: Int64) -> Int64 {
        let (q, r) = ms.quotientAndRemainder(dividingBy: period)
        return (r < 0 ? q - 1 : q) * period
    }

    static func replaceAll(_ s: String, _ target: String, _ with: String) -> String {
        guard !target.isEmpty else { return s }
        let hay = Array(s.utf8), needle = Array(target.utf8), replacement = Array(with.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < hay.count {
            if i + needle.count <= hay.count, hay[i] == needle[0], Array(hay[i..<(i + needle.count)]) == needle {
                out += replacement
                i += needle.count
            } else {
                out.append(hay[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
