import SiftJSON

/// A path into a JSON message such as `$.a.b`, `$.requests[0].status`, `$.tags[*]` or `$.*`.
///
/// `[*]` (any element) and `.*` (any member) make the selector pick several values; a condition
/// on such a selector holds when it holds for at least one of them.
struct JSONSelector: Sendable {
    /// One step of the path.
    enum Step: Sendable {
        case member(String)
        case index(Int)
        case anyElement
        case anyMember
    }

    /// The steps after `$`.
    let steps: [Step]

    /// Parses a selector at the cursor, which must be at `$`; `context` names what came before,
    /// for the error message (e.g. `'{'`).
    init(parsing cursor: inout PatternCursor, after context: String) throws(FilterPatternError) {
        guard cursor.consume(UInt8(ascii: "$")) else { throw cursor.error("expected a selector (such as $.field) after \(context)") }
        var steps: [Step] = []
        while let b = cursor.peek {
            if b == UInt8(ascii: ".") {
                cursor.position += 1
                if cursor.consume(UInt8(ascii: "*")) { steps.append(.anyMember); continue }
                let start = cursor.position
                while let c = cursor.peek, !Self.endsName(c) { cursor.position += 1 }
                guard cursor.position > start else { throw cursor.error("expected a field name after '.'") }
                steps.append(.member(String(decoding: cursor.bytes[start..<cursor.position], as: UTF8.self)))
            } else if b == UInt8(ascii: "[") {
                cursor.position += 1
                if cursor.consume(UInt8(ascii: "*")) {
                    steps.append(.anyElement)
                } else {
                    let start = cursor.position
                    var index = 0
                    while let c = cursor.peek, c.isDigit, index < 1 << 40 {
                        index = index * 10 + Int(c - 0x30)
                        cursor.position += 1
                    }
                    guard cursor.position > start else { throw cursor.error("expected an array index (a number or *) after '['") }
                    steps.append(.index(index))
                }
                guard cursor.consume(UInt8(ascii: "]")) else { throw cursor.error("expected ']' after the array index") }
            } else {
                break
            }
        }
        guard !steps.isEmpty else { throw cursor.error("expected '.field' or '[index]' after '$'") }
        self.steps = steps
    }

    /// Whether `byte` ends a field name.
    private static func endsName(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "."), UInt8(ascii: "["), UInt8(ascii: "="), UInt8(ascii: "!"), UInt8(ascii: "<"),
             UInt8(ascii: ">"), UInt8(ascii: ")"), UInt8(ascii: "}"), UInt8(ascii: "&"), UInt8(ascii: "|"):
            return true
        default:
            return byte.isPatternSpace
        }
    }

    /// Whether some value selected from `root` satisfies `predicate`.
    func anySelected(in root: JSONValue, where predicate: (JSONValue) -> Bool) -> Bool {
        func walk(_ value: JSONValue, _ step: Int) -> Bool {
            if step == steps.count { return predicate(value) }
            switch steps[step] {
            case .member(let name):
                guard let child = value[name] else { return false }
                return walk(child, step + 1)
            case .index(let i):
                guard let child = value[i] else { return false }
                return walk(child, step + 1)
            case .anyElement:
                guard let elements = value.arrayValue else { return false }
                return elements.contains { walk($0, step + 1) }
            case .anyMember:
                guard let members = value.objectValue else { return false }
                return members.contains { walk($0.value, step + 1) }
            }
        }
        return walk(root, 0)
    }
}
