/// Finds where one JSON value ends when its bytes arrive in several buffers: the state the JSON
/// framers keep for the value they are inside, carried across refills.
///
/// It tracks only what decides the end: whether the scan is inside a string, whether the previous
/// string byte was a backslash, and the nesting depth of `{`/`[` against `}`/`]`; a scalar
/// (number, `true`, `false`, `null` or junk) ends at the first delimiter. It does not validate
/// (the JSON scanner does that when the value is parsed): a value with mismatched brackets ends
/// where the depth returns to zero, `]` closing `{` as well. The depth is a plain `Int`, so there
/// is no depth limit here and deep nesting costs nothing extra; SiftJSON's `JSONScanner` enforces
/// its `maxDepth` when the value is parsed.
///
/// - Complexity: each byte is read once, in tight loops that skip ordinary string bytes and
///   ordinary structure bytes with the state in registers; no allocation. The state is two words.
///
/// ```swift
/// boundary.start(firstByte)                 // at a value's first byte, index i
/// if let end = boundary.scan(base, from: i + 1, to: bufferEnd) {
///     lend(start..<end)                     // `end` is just past the value
/// }                                         // nil: refill and scan on from the old buffer end
/// ```
struct JSONValueBoundary {
    /// Whether values may follow one another with no separator (`42{…}`), so that a scalar also
    /// ends at `{`, `[` or `"`; inside an array only whitespace, `,`, `]` and `}` end one.
    let backToBack: Bool
    private var depth = 0
    private var inString = false
    private var escaped = false
    private(set) var isScalar = false

    init(backToBack: Bool) {
        self.backToBack = backToBack
    }

    /// Whether the value may end where the input does: a scalar may, a string or container may not.
    var endsAtEndOfInput: Bool { isScalar }

    @inline(__always) static func isWhitespace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09
    }

    @inline(__always) private func endsScalar(_ b: UInt8) -> Bool {
        Self.isWhitespace(b) || b == UInt8(ascii: ",") || b | 0x20 == 0x7D  // `]`|0x20 == `}`
            || (backToBack && (b == 0x22 || b | 0x20 == 0x7B))  // `[`|0x20 == `{`
    }

    /// Starts a value at its first byte: `{` or `[` opens a container, `"` a string, and anything
    /// else a scalar.
    @inline(__always)
    mutating func start(_ first: UInt8) {
        escaped = false
        if first | 0x20 == 0x7B {
            depth = 1
            inString = false
            isScalar = false
        } else if first == 0x22 {
            depth = 0
            inString = true
            isScalar = false
        } else {
            depth = 0
            inString = false
            isScalar = true
        }
    }

    /// Scans the value's bytes `base[start..<end]`, going on from where the last scan stopped.
    ///
    /// - Returns: the index just past the value (for a scalar, the index of the delimiter, which is
    ///   not part of it), or `nil` if the value goes on past `end`; call again with the next bytes.
    @inline(__always)
    mutating func scan(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int? {
        var i = start
        if isScalar {
            while i < end {
                if endsScalar(base[i]) { return i }
                i += 1
            }
            return nil
        }
        var depth = self.depth
        var inString = self.inString
        var escaped = self.escaped
        defer {
            self.depth = depth
            self.inString = inString
            self.escaped = escaped
        }
        while i < end {
            if inString {
                if escaped {
                    escaped = false
                    i += 1
                    continue
                }
                // Hot loop: skip ordinary string bytes.
                while i < end && base[i] != 0x22 && base[i] != 0x5C { i += 1 }
                if i == end { return nil }
                if base[i] == 0x5C {
                    escaped = true
                } else {
                    inString = false
                    if depth == 0 { return i + 1 }
                }
                i += 1
            } else {
                // Hot loop: skip bytes that are not `"`, `{`, `[`, `}`, `]` (`[`|0x20 == `{`, `]`|0x20 == `}`).
                while i < end {
                    let c = base[i]
                    if c == 0x22 || c | 0x20 == 0x7B || c | 0x20 == 0x7D { break }
                    i += 1
                }
                if i == end { return nil }
                let c = base[i]
                if c == 0x22 {
                    inString = true
                } else if c | 0x20 == 0x7B {
                    depth += 1
                } else {
                    depth -= 1
                    if depth == 0 { return i + 1 }
                }
                i += 1
            }
        }
        return nil
    }
}
