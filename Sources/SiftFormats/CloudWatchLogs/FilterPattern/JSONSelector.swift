import SiftJSON

/// A path into a JSON message such as `$.a.b`, `$.requests[0].status`, `$.tags[*]` or `$.*`.
///
/// `[*]` (any element) and `.*` (any member) make the selector pick several values; a condition
/// on such a selector holds when it holds for at least one of them.
struct JSONSelector: Sendable {
    /// One step of the path.
    enum Step: Sendable {
        case member([UInt8])
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
                steps.append(.member(Array(cursor.bytes[start..<cursor.position])))
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

    /// Whether some value selected from the JSON document in `message` satisfies `predicate`,
    /// which is called with the scanner positioned at the value.
    ///
    /// Scans without building a tree: members and elements off the path are skipped. When an
    /// object has a key more than once, the first occurrence is the one selected.
    func anySelected(in message: UnsafeRawBufferPointer, where predicate: (inout JSONScanner) -> Bool) -> Bool {
        var scanner = JSONScanner(message)
        return (try? walk(&scanner, 0, predicate)) ?? false
    }

    private func walk(_ scanner: inout JSONScanner, _ step: Int, _ predicate: (inout JSONScanner) -> Bool) throws(JSONScanError) -> Bool {
        if step == steps.count { return predicate(&scanner) }
        switch steps[step] {
        case .member(let name):
            guard try scanner.peekKind() == .object else { return false }
            try scanner.beginObject()
            while let key = try scanner.nextKey() {
                if key.elementsEqual(name) { return try walk(&scanner, step + 1, predicate) }
                try scanner.skipValue()
            }
            return false
        case .index(let index):
            guard try scanner.peekKind() == .array else { return false }
            try scanner.beginArray()
            var position = 0
            while try scanner.nextElement() {
                if position == index { return try walk(&scanner, step + 1, predicate) }
                try scanner.skipValue()
                position += 1
            }
            return false
        case .anyElement:
            guard try scanner.peekKind() == .array else { return false }
            try scanner.beginArray()
            while try scanner.nextElement() {
                var probe = scanner
                if try walk(&probe, step + 1, predicate) { return true }
                try scanner.skipValue()
            }
            return false
        case .anyMember:
            guard try scanner.peekKind() == .object else { return false }
            try scanner.beginObject()
            while try scanner.nextKey() != nil {
                var probe = scanner
                if try walk(&probe, step + 1, predicate) { return true }
                try scanner.skipValue()
            }
            return false
        }
    }
}
