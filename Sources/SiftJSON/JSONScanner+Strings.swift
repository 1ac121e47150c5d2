// String scanning: validation, escapes and unescaping into scratch.
//
// Policy: escapes are strict. `\uXXXX` must have four hex digits; a high surrogate must be
// followed by an escaped low surrogate and a low surrogate may not stand alone; otherwise
// `.invalidEscape` at the backslash. Invalid UTF-8 throws `.invalidUTF8` at the first byte of
// the bad sequence. A raw byte below 0x20 throws `.unexpectedByte` at that byte. Input that ends
// inside a string (including inside an escape or a multi-byte character) throws
// `.unterminatedString` at the end of the buffer.

extension JSONScanner {
    /// Reads the next value as a string and returns its unescaped UTF-8 bytes.
    ///
    /// Zero-copy when the string has no escapes (a slice of the input); otherwise the bytes are
    /// unescaped into the scanner's reused scratch buffer.
    ///
    /// - Returns: Bytes valid until the next call on the scanner (and never beyond the input
    ///   buffer's lifetime). Copy them (e.g. `String(decoding:as:)`) to keep them.
    /// - Throws: `.typeMismatch` (nothing consumed) when the next value is not a string; string
    ///   errors as described for the module's string policy; `.truncated`.
    /// - Complexity: O(n) in the string's length; no allocation after warm-up.
    @inlinable @inline(__always)
    public mutating func readStringBytes() throws(JSONScanError) -> UnsafeRawBufferPointer {
        let b = try _nextNonWhitespace()
        guard b == UInt8(ascii: "\"") else { throw _mismatch(b, at: _pos) }
        _afterOpen = false
        return try _readStringAtQuote()
    }

    /// Reads the next value as a `String` (allocating convenience).
    ///
    /// - Throws: As ``readStringBytes()``.
    @inlinable
    public mutating func readString() throws(JSONScanError) -> String {
        String(decoding: try readStringBytes(), as: UTF8.self)
    }

    /// A mask with the high bit set in each byte of `w` that is `"`, `\`, below 0x20 or above
    /// 0x7F. Only the lowest set bit is exact (borrows can mark bytes above a true hit), which is
    /// all `_scanPlain` uses.
    @inlinable @inline(__always)
    static func _attentionMask(_ w: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let q = w ^ (ones &* 0x22)
        let s = w ^ (ones &* 0x5C)
        let hasQuote = (q &- ones) & ~q
        let hasSlash = (s &- ones) & ~s
        let hasControl = (w &- ones &* 0x20) & ~w
        return (hasQuote | hasSlash | hasControl | w) & high
    }

    /// The next byte of a string from `start` that the caller must look at: the lowest byte
    /// that `mask` marks (sets the high bit of) in its word, read eight bytes at a time while
    /// eight remain; after that, every byte.
    ///
    /// - Throws: `.unterminatedString` at the end of the input.
    @inlinable @inline(__always)
    func _nextStringByte(from start: Int, markedBy mask: (UInt64) -> UInt64) throws(JSONScanError) -> Int {
        var p = start
        // Safe because p + 8 <= _count.
        while p &+ 8 <= _count {
            let marked = mask(UInt64(littleEndian: _start.loadUnaligned(fromByteOffset: p, as: UInt64.self)))
            if marked != 0 {
                p &+= marked.trailingZeroBitCount &>> 3
                break
            }
            p &+= 8
        }
        guard p < _count else { throw JSONScanError(.unterminatedString, at: _count) }
        return p
    }

    /// Scans plain string bytes from `p`; returns the index of the next `"` or `\`.
    @inlinable @inline(__always)
    func _scanPlain(from start: Int) throws(JSONScanError) -> Int {
        var p = start
        while true {
            p = try _nextStringByte(from: p, markedBy: JSONScanner._attentionMask)
            let b = _byte(p)
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") { return p }
            if b < 0x20 { throw JSONScanError(.unexpectedByte(b), at: p) }
            if b < 0x80 {
                p &+= 1
            } else {
                p = try JSONScanner._skipUTF8Sequence(_input, at: p, lead: b)
            }
        }
    }

    /// Validates one multi-byte UTF-8 sequence starting with `lead` at `p`; returns its end.
    @usableFromInline
    static func _skipUTF8Sequence(_ input: _JSONInput, at p: Int, lead: UInt8) throws(JSONScanError) -> Int {
        var length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: throw JSONScanError(.invalidUTF8, at: p)
        }
        var i = 1
        while i < length {
            let q = p &+ i
            guard q < input.count else { throw JSONScanError(.unterminatedString, at: input.count) }
            let c = input.byte(q)
            guard c >= low && c <= high else { throw JSONScanError(.invalidUTF8, at: p) }
            low = 0x80
            high = 0xBF
            i &+= 1
        }
        return p &+ length
    }

    /// Skips a string; `_pos` is at its opening quote.
    @inlinable
    mutating func _skipString() throws(JSONScanError) {
        var p = _pos &+ 1
        while true {
            p = try _scanPlain(from: p)
            if _byte(p) == UInt8(ascii: "\"") {
                _pos = p &+ 1
                return
            }
            p = try JSONScanner._decodeEscape(_input, at: p).next
        }
    }

    /// Reads a string; `_pos` is at its opening quote.
    @inlinable
    mutating func _readStringAtQuote() throws(JSONScanError) -> UnsafeRawBufferPointer {
        let start = _pos &+ 1
        let p = try _scanPlain(from: start)
        if _byte(p) == UInt8(ascii: "\"") {
            _pos = p &+ 1
            return _slice(start, p)
        }
        return try _readEscapedString(start: start, firstEscape: p)
    }

    @usableFromInline
    mutating func _readEscapedString(start: Int, firstEscape: Int) throws(JSONScanError) -> UnsafeRawBufferPointer {
        let scratch = _scratch
        var used = 0
        var runStart = start
        var p = firstEscape
        while true {
            let run = p &- runStart
            // Room for the run (at least 16 bytes, see below) and one escape's UTF-8 (4 bytes).
            if used &+ Swift.max(run, 16) &+ 4 > scratch.capacity { scratch.grow(to: used &+ Swift.max(run, 16) &+ 4, keeping: used) }
            if run <= 16 && runStart &+ 16 <= _count {
                // Short runs (between the escapes of JSON text inside a string) as two 8-byte
                // moves instead of a memcpy call; bytes past the run are overwritten next.
                let from = _start + runStart, to = scratch.bytes + used
                to.storeBytes(of: from.loadUnaligned(as: UInt64.self), as: UInt64.self)
                (to + 8).storeBytes(of: (from + 8).loadUnaligned(as: UInt64.self), as: UInt64.self)
            } else {
                (scratch.bytes + used).copyMemory(from: _start + runStart, byteCount: run)
            }
            used &+= run
            if _byte(p) == UInt8(ascii: "\"") {
                _pos = p &+ 1
                return UnsafeRawBufferPointer(start: scratch.bytes, count: used)
            }
            let (scalar, next) = try JSONScanner._decodeEscape(_input, at: p)
            // Safe because capacity >= used + 4.
            let out = scratch.bytes + used
            if scalar < 0x80 {
                out.storeBytes(of: UInt8(truncatingIfNeeded: scalar), as: UInt8.self)
                used &+= 1
            } else if scalar < 0x800 {
                out.storeBytes(of: UInt8(truncatingIfNeeded: 0xC0 | (scalar >> 6)), as: UInt8.self)
                (out + 1).storeBytes(of: UInt8(truncatingIfNeeded: 0x80 | (scalar & 0x3F)), as: UInt8.self)
                used &+= 2
            } else if scalar < 0x10000 {
                out.storeBytes(of: UInt8(truncatingIfNeeded: 0xE0 | (scalar >> 12)), as: UInt8.self)
                (out + 1).storeBytes(of: UInt8(truncatingIfNeeded: 0x80 | ((scalar >> 6) & 0x3F)), as: UInt8.self)
                (out + 2).storeBytes(of: UInt8(truncatingIfNeeded: 0x80 | (scalar & 0x3F)), as: UInt8.self)
                used &+= 3
            } else {
                out.storeBytes(of: UInt8(truncatingIfNeeded: 0xF0 | (scalar >> 18)), as: UInt8.self)
                (out + 1).storeBytes(of: UInt8(truncatingIfNeeded: 0x80 | ((scalar >> 12) & 0x3F)), as: UInt8.self)
                (out + 2).storeBytes(of: UInt8(truncatingIfNeeded: 0x80 | ((scalar >> 6) & 0x3F)), as: UInt8.self)
                (out + 3).storeBytes(of: UInt8(truncatingIfNeeded: 0x80 | (scalar & 0x3F)), as: UInt8.self)
                used &+= 4
            }
            runStart = next
            p = try _scanPlain(from: next)
        }
    }

    /// Decodes the escape whose backslash is at `p`; returns the scalar and the index after it.
    /// Inlined: escaped JSON inside strings (batch-get-traces documents) has one every few bytes;
    /// `\u` escapes go out of line.
    @inlinable @inline(__always)
    static func _decodeEscape(_ input: _JSONInput, at p: Int) throws(JSONScanError) -> (scalar: UInt32, next: Int) {
        guard p &+ 1 < input.count else { throw JSONScanError(.unterminatedString, at: input.count) }
        switch input.byte(p &+ 1) {
        case UInt8(ascii: "\""): return (0x22, p &+ 2)
        case UInt8(ascii: "\\"): return (0x5C, p &+ 2)
        case UInt8(ascii: "/"): return (0x2F, p &+ 2)
        case UInt8(ascii: "b"): return (0x08, p &+ 2)
        case UInt8(ascii: "f"): return (0x0C, p &+ 2)
        case UInt8(ascii: "n"): return (0x0A, p &+ 2)
        case UInt8(ascii: "r"): return (0x0D, p &+ 2)
        case UInt8(ascii: "t"): return (0x09, p &+ 2)
        case UInt8(ascii: "u"):
            return try _decodeUnicodeEscape(input, at: p)
        default:
            throw JSONScanError(.invalidEscape, at: p)
        }
    }

    /// Decodes the `\uXXXX` escape (with its low surrogate, when it is a high one) at `p`.
    @usableFromInline
    static func _decodeUnicodeEscape(_ input: _JSONInput, at p: Int) throws(JSONScanError) -> (scalar: UInt32, next: Int) {
        let unit = try JSONScanner._hex4(input, at: p &+ 2, escapeAt: p)
        if unit >= 0xDC00 && unit <= 0xDFFF { throw JSONScanError(.invalidEscape, at: p) }
        if unit < 0xD800 || unit > 0xDBFF { return (unit, p &+ 6) }
        // High surrogate: an escaped low surrogate must follow.
        let q = p &+ 6
        guard q < input.count else { throw JSONScanError(.unterminatedString, at: input.count) }
        guard input.byte(q) == UInt8(ascii: "\\") else { throw JSONScanError(.invalidEscape, at: p) }
        guard q &+ 1 < input.count else { throw JSONScanError(.unterminatedString, at: input.count) }
        guard input.byte(q &+ 1) == UInt8(ascii: "u") else { throw JSONScanError(.invalidEscape, at: p) }
        let low = try JSONScanner._hex4(input, at: q &+ 2, escapeAt: p)
        guard low >= 0xDC00 && low <= 0xDFFF else { throw JSONScanError(.invalidEscape, at: p) }
        return (0x10000 &+ ((unit &- 0xD800) << 10) &+ (low &- 0xDC00), q &+ 6)
    }

    @inlinable
    static func _hex4(_ input: _JSONInput, at p: Int, escapeAt e: Int) throws(JSONScanError) -> UInt32 {
        var value: UInt32 = 0
        var i = 0
        while i < 4 {
            let q = p &+ i
            guard q < input.count else { throw JSONScanError(.unterminatedString, at: input.count) }
            let c = input.byte(q)
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c &- UInt8(ascii: "a") &+ 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c &- UInt8(ascii: "A") &+ 10
            default: throw JSONScanError(.invalidEscape, at: e)
            }
            value = value << 4 | UInt32(digit)
            i &+= 1
        }
        return value
    }
}
