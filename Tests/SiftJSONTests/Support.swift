import SiftJSON
import SiftTestSupport

/// Validates `bytes`; returns the error, or nil when valid.
func validationError(_ bytes: [UInt8], maxDepth: Int = 512) -> JSONScanError? {
    bytes.withUnsafeBytes { buffer in
        let result = Result { () throws(JSONScanError) in try JSONScanner.validate(buffer, maxDepth: maxDepth) }
        if case .failure(let error) = result { return error }
        return nil
    }
}

/// Parses `bytes` into a tree.
func parseResult(_ bytes: [UInt8], maxDepth: Int = 512) -> Result<JSONValue, JSONScanError> {
    bytes.withUnsafeBytes { buffer in
        Result { () throws(JSONScanError) in try JSONValue.parse(buffer, maxDepth: maxDepth) }
    }
}

func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

/// Runs `body` with a scanner over `text`.
func withScanner<T>(_ text: [UInt8], _ body: (inout JSONScanner) throws(JSONScanError) -> T) -> Result<T, JSONScanError> {
    text.withUnsafeBytes { buffer in
        var scanner = JSONScanner(buffer)
        return Result { () throws(JSONScanError) in try body(&scanner) }
    }
}

/// Generates random JSON documents together with the value they must parse to.
struct DocumentGenerator {
    var rng: SplitMix
    init(seed: UInt64) { rng = SplitMix(state: seed) }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }

    mutating func whitespace() -> String {
        guard chance(0.3) else { return "" }
        return String((0..<int(1...3)).map { _ in [" ", "\n", "\t", "\r"][int(0...3)] })
    }

    /// A document whose root is an object or an array, with no trailing whitespace.
    mutating func document(maxDepth: Int = 5) -> (text: String, value: JSONValue) {
        let (t, v) = chance(0.5) ? object(depth: maxDepth) : array(depth: maxDepth)
        return (whitespace() + t, v)
    }

    mutating func value(depth: Int) -> (String, JSONValue) {
        let roll = depth <= 0 ? int(0...5) : int(0...8)
        switch roll {
        case 0: return ("null", .null)
        case 1: let b = chance(0.5); return (b ? "true" : "false", .bool(b))
        case 2, 3: let n = number(); return (n, .number(Double(n)!))
        case 4, 5: let (t, s) = string(); return (t, .string(s))
        case 6, 7: return object(depth: depth - 1)
        default: return array(depth: depth - 1)
        }
    }

    mutating func object(depth: Int) -> (String, JSONValue) {
        var text = "{" + whitespace()
        var members: [(key: String, value: JSONValue)] = []
        var used = Set<String>()
        for i in 0..<int(0...5) {
            var (kt, k) = string()
            if used.contains(k) { (kt, k) = ("\"k\(i)_\(used.count)\"", "k\(i)_\(used.count)") }
            if used.contains(k) { continue }
            used.insert(k)
            let (vt, v) = value(depth: depth)
            if !members.isEmpty { text += "," + whitespace() }
            text += kt + whitespace() + ":" + whitespace() + vt + whitespace()
            members.append((k, v))
        }
        return (text + "}", .object(members))
    }

    mutating func array(depth: Int) -> (String, JSONValue) {
        var text = "[" + whitespace()
        var elements: [JSONValue] = []
        for _ in 0..<int(0...5) {
            let (vt, v) = value(depth: depth)
            if !elements.isEmpty { text += "," + whitespace() }
            text += vt + whitespace()
            elements.append(v)
        }
        return (text + "]", .array(elements))
    }

    static let scalars: [Unicode.Scalar] = [
        "a", "b", "Z", "0", " ", "/", "\"", "\\", "\u{08}", "\u{0C}", "\n", "\r", "\t", "\u{01}", "\u{1F}",
        "\u{7F}", "é", "ß", "€", "中", "\u{FFFD}", "\u{FFFF}", "😀", "\u{10FFFF}", "\u{E000}", "\u{D7FF}",
    ]

    /// A JSON string literal and its value, mixing raw and escaped characters.
    mutating func string() -> (String, String) {
        var text = "\""
        var value = ""
        for _ in 0..<int(0...12) {
            let c = chance(0.5) ? Unicode.Scalar(UInt8(int(0x61...0x7A))) : Self.scalars.randomElement(using: &rng)!
            value.unicodeScalars.append(c)
            text += literal(c)
        }
        return (text + "\"", value)
    }

    mutating func literal(_ c: Unicode.Scalar) -> String {
        func hex(_ v: UInt32) -> String {
            let h = String(v, radix: 16, uppercase: chanceUpper)
            return String(repeating: "0", count: 4 - h.count) + h
        }
        let chanceUpper = chance(0.5)
        switch c {
        case "\"": return "\\\""
        case "\\": return "\\\\"
        case "\u{08}": return chance(0.5) ? "\\b" : "\\u0008"
        case "\u{0C}": return "\\f"
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        case "/": return chance(0.5) ? "\\/" : "/"
        default:
            if c.value < 0x20 { return "\\u" + hex(c.value) }
            guard chance(0.3) else { return String(c) }
            if c.value < 0x10000 { return "\\u" + hex(c.value) }
            let v = c.value - 0x10000
            return "\\u" + hex(0xD800 + (v >> 10)) + "\\u" + hex(0xDC00 + (v & 0x3FF))
        }
    }

    /// Number text of every shape: signs, zero, long mantissas, fractions, exponents.
    mutating func number() -> String {
        var s = chance(0.3) ? "-" : ""
        func digits(_ n: Int, leadingNonZero: Bool) -> String {
            var out = ""
            for i in 0..<n { out += String(i == 0 && leadingNonZero ? int(1...9) : int(0...9)) }
            return out
        }
        switch int(0...3) {
        case 0: s += "0"
        case 1: s += digits(int(1...3), leadingNonZero: true)
        default: s += digits(int(1...25), leadingNonZero: true)
        }
        if chance(0.5) { s += "." + digits(int(1...25), leadingNonZero: false) }
        if chance(0.4) {
            s += chance(0.5) ? "e" : "E"
            s += ["", "+", "-"][int(0...2)]
            s += String(int(0...99))
        }
        return s
    }
}

/// Bitwise equality: numbers must have identical bit patterns (so `-0` differs from `0`).
func identical(_ a: JSONValue, _ b: JSONValue) -> Bool {
    switch (a, b) {
    case (.number(let x), .number(let y)): return x.bitPattern == y.bitPattern
    case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { identical($0, $1) }
    case (.object(let x), .object(let y)):
        return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && identical($0.value, $1.value) }
    default: return a == b
    }
}
