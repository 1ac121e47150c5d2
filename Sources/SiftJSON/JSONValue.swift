/// A parsed JSON value: a tree for cold paths (EMF metadata, filter patterns, flattening, tests).
///
/// Numbers are stored as correctly rounded `Double`s; the original number text is not kept (use
/// ``JSONScanner`` with ``JSONScanner/readInt64()`` or
/// ``JSONScanner/readScaledInteger(fractionDigits:)`` when exact digits matter). Objects keep
/// their members in input order, duplicates included.
///
/// ```swift
/// let value = try bytes.withUnsafeBytes { try JSONValue.parse($0) }
/// value["_aws"]?["Timestamp"]?.doubleValue
/// ```
///
/// Equality compares numbers with `==` (so `0 == -0`), objects member by member in order.
public enum JSONValue: Sendable, Equatable {
    /// `null`
    case null
    /// `true` or `false`
    case bool(Bool)
    /// A number, correctly rounded to `Double`.
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object, members in input order.
    case object([(key: String, value: JSONValue)])

    /// Parses a buffer holding exactly one JSON value (plus optional whitespace).
    ///
    /// - Throws: ``JSONScanError`` with the offset of the first problem.
    /// - Complexity: O(n); allocates the tree.
    public static func parse(_ buffer: UnsafeRawBufferPointer, maxDepth: Int = 512) throws(JSONScanError) -> JSONValue {
        var scanner = JSONScanner(buffer, maxDepth: maxDepth)
        let value = try JSONValue(parsing: &scanner)
        try scanner.expectEnd()
        return value
    }

    /// Parses the next value from `scanner`, leaving it just after the value.
    ///
    /// Iterative, so nesting is bounded only by the scanner's `maxDepth`.
    ///
    /// - Throws: ``JSONScanError`` with the offset of the first problem.
    public init(parsing scanner: inout JSONScanner) throws(JSONScanError) {
        struct Frame {
            var isObject: Bool
            var elements: [JSONValue] = []
            var members: [(key: String, value: JSONValue)] = []
            var key: String = ""
        }
        var stack: [Frame] = []
        var current: JSONValue
        outer: while true {
            switch try scanner.peekKind() {
            case .object:
                try scanner.beginObject()
                if let key = try scanner.nextKey() {
                    stack.append(Frame(isObject: true, key: String(decoding: key, as: UTF8.self)))
                    continue outer
                }
                current = .object([])
            case .array:
                try scanner.beginArray()
                if try scanner.nextElement() {
                    stack.append(Frame(isObject: false))
                    continue outer
                }
                current = .array([])
            case .string:
                current = .string(try scanner.readString())
            case .number:
                current = .number(try scanner.readDouble())
            case .bool:
                current = .bool(try scanner.readBool())
            case .null:
                _ = try scanner.consumeNull()
                current = .null
            }
            // Attach the finished value to its parents, closing those that end here.
            while true {
                let top = stack.count - 1
                guard top >= 0 else {
                    self = current
                    return
                }
                if stack[top].isObject {
                    stack[top].members.append((key: stack[top].key, value: current))
                    if let key = try scanner.nextKey() {
                        stack[top].key = String(decoding: key, as: UTF8.self)
                        continue outer
                    }
                    current = .object(stack.removeLast().members)
                } else {
                    stack[top].elements.append(current)
                    if try scanner.nextElement() { continue outer }
                    current = .array(stack.removeLast().elements)
                }
            }
        }
    }

    /// The value of the first member named `key`, if this is an object that has one.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        for member in members where member.key == key { return member.value }
        return nil
    }

    /// The element at `index`, if this is an array and `index` is in bounds.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// The string, if this is a string.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The number, if this is a number.
    public var doubleValue: Double? {
        if case .number(let d) = self { return d }
        return nil
    }

    /// The boolean, if this is a boolean.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// Whether this is `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The members in order, if this is an object.
    public var objectValue: [(key: String, value: JSONValue)]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The elements, if this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// Structural equality; numbers compare with `==`, object members in order.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            guard a.count == b.count else { return false }
            for (x, y) in zip(a, b) where x.key != y.key || x.value != y.value { return false }
            return true
        default: return false
        }
    }

    /// Compact JSON text: no whitespace, members in order, numbers as ``JSONWriter`` writes them.
    ///
    /// Stable: the same value always gives the same text.
    public func serialized() -> String {
        var out: [UInt8] = []
        serialize(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends compact JSON text for this value to `out`.
    public func serialize(into out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
        case .bool(let b): out.append(contentsOf: b ? [0x74, 0x72, 0x75, 0x65] : [0x66, 0x61, 0x6C, 0x73, 0x65])
        case .number(let d): JSONWriter.appendNumber(d, to: &out)
        case .string(let s): JSONWriter.appendQuoted(s, to: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (i, e) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                e.serialize(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (i, m) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONWriter.appendQuoted(m.key, to: &out)
                out.append(UInt8(ascii: ":"))
                m.value.serialize(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }
}
