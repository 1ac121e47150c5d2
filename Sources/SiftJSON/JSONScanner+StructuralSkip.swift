// Structural skipping: brackets and string boundaries only, for values the caller ignores.

extension JSONScanner {
    /// Skips the next value checking only its structure, several times faster than
    /// ``skipValue()`` on large containers.
    ///
    /// Checked: brackets balance and match (`{` with `}`, `[` with `]`), nesting stays within
    /// `maxDepth`, and strings and containers end before the input does. Not checked inside a
    /// container: string escapes, UTF-8, control characters, number and literal grammar,
    /// commas and colons. Use it only for values whose contents are ignored, where a malformed
    /// interior should not reject the enclosing document. Scalars are skipped with full
    /// validation, as by ``skipValue()``.
    ///
    /// - Throws: `.truncated` or `.unterminatedString` at the end of input, `.unexpectedByte` at
    ///   a mismatched closing bracket, `.depthLimitExceeded`, and the errors of ``skipValue()``
    ///   for scalars.
    /// - Complexity: O(n) in the value's length; no allocation.
    public mutating func skipValueStructure() throws(JSONScanError) {
        _afterOpen = false
        let first = try _nextNonWhitespace()
        guard first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else { return try _skipValue() }
        let stack = _scratch.stack
        let room = _maxDepth &- _depth
        var local = 0
        var p = _pos
        while p < _count {
            let b = _byte(p)
            switch b {
            case UInt8(ascii: "\""):
                p = try _endOfStringStructure(from: p &+ 1)
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard local < room else { throw JSONScanError(.depthLimitExceeded, at: p) }
                let bit = UInt64(1) &<< UInt64(local & 63)
                if b == UInt8(ascii: "{") { stack[local &>> 6] |= bit } else { stack[local &>> 6] &= ~bit }
                local &+= 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                let top = local &- 1
                let isObject = stack[top &>> 6] & (UInt64(1) &<< UInt64(top & 63)) != 0
                guard (b == UInt8(ascii: "}")) == isObject else { throw JSONScanError(.unexpectedByte(b), at: p) }
                local = top
                if local == 0 {
                    _pos = p &+ 1
                    return
                }
            default:
                break
            }
            p &+= 1
        }
        throw JSONScanError(.truncated, at: _count)
    }

    /// A mask with the high bit set in each byte of `w` that is `"` or `\`; the lowest set bit
    /// is exact.
    @inlinable @inline(__always)
    static func _quoteOrBackslashMask(_ w: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let q = w ^ (ones &* 0x22)
        let s = w ^ (ones &* 0x5C)
        return (((q &- ones) & ~q) | ((s &- ones) & ~s)) & 0x8080_8080_8080_8080
    }

    /// The index after the closing quote of a string whose contents start at `start`, honouring
    /// backslash escapes but not validating them.
    @inlinable @inline(__always)
    func _endOfStringStructure(from start: Int) throws(JSONScanError) -> Int {
        var p = start
        while true {
            p = try _nextStringByte(from: p, markedBy: JSONScanner._quoteOrBackslashMask)
            let b = _byte(p)
            if b == UInt8(ascii: "\"") { return p &+ 1 }
            p &+= b == UInt8(ascii: "\\") ? 2 : 1
        }
    }
}
