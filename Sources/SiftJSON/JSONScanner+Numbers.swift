// Numbers, booleans and null.
//
// Grammar (RFC 8259): `-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`. On error nothing is
// consumed, so a caller can `skipValue()` after `.typeMismatch` or `.numberOutOfRange`.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension JSONScanner {
    /// Reads the next value as a correctly rounded `Double`.
    ///
    /// Uses the exact Clinger fast path (a mantissa below 2^53 and a decimal exponent
    /// within ±22) and otherwise `strtod` on a NUL-terminated stack copy of the number text, so
    /// the result always equals `Double(text)`. Out-of-range magnitudes round to ±infinity or
    /// ±0, as `Double(text)` does. (`strtod` assumes the C locale's `.`, the default for a
    /// process that never calls `setlocale`.)
    ///
    /// - Throws: `.typeMismatch` (nothing consumed) when the next value is not a number;
    ///   `.unexpectedByte`/`.truncated` for a malformed number.
    /// - Complexity: O(n) in the number's length; no heap allocation for numbers shorter than
    ///   the temporary-allocation stack limit.
    @inlinable
    public mutating func readDouble() throws(JSONScanError) -> Double {
        let start = try _numberStart()
        if let (value, end) = _plainDecimal(from: start) {
            _pos = end
            _afterOpen = false
            return value
        }
        let end = try _scanNumber(from: start)
        let value = _parseDouble(start, end)
        _pos = end
        _afterOpen = false
        return value
    }

    /// Reads the next value as an exact `Int64`.
    ///
    /// Accepts any number whose value is an integer in range, including `1.0` and `12e3`.
    ///
    /// - Throws: `.numberOutOfRange` (nothing consumed) on overflow or a nonzero fraction;
    ///   `.typeMismatch` (nothing consumed) when the next value is not a number.
    @inlinable
    public mutating func readInt64() throws(JSONScanError) -> Int64 {
        let start = try _numberStart()
        let end = try _scanNumber(from: start)
        let value = try _scaledInteger(start, end, fractionDigits: 0, exact: true)
        _pos = end
        _afterOpen = false
        return value
    }

    /// Reads the next number as exact fixed point: its value times 10^`fractionDigits`.
    ///
    /// `1732467000.1234567` with `fractionDigits: 9` gives `1732467000123456700`; exponent forms
    /// such as `1.7324670001234567E9` give the same. Digits beyond the scale round half to even.
    /// No floating point is involved.
    ///
    /// - Parameter fractionDigits: The scale, `0...18` (e.g. 9 for seconds → nanoseconds).
    /// - Throws: `.numberOutOfRange` (nothing consumed) when the result does not fit `Int64`;
    ///   `.typeMismatch` (nothing consumed) when the next value is not a number.
    /// - Precondition: `fractionDigits` is in `0...18`.
    @inlinable
    public mutating func readScaledInteger(fractionDigits: Int) throws(JSONScanError) -> Int64 {
        precondition(fractionDigits >= 0 && fractionDigits <= 18, "fractionDigits must be in 0...18")
        let start = try _numberStart()
        let end = try _scanNumber(from: start)
        let value = try _scaledInteger(start, end, fractionDigits: fractionDigits, exact: false)
        _pos = end
        _afterOpen = false
        return value
    }

    /// Reads the next value as a boolean.
    ///
    /// - Throws: `.typeMismatch` (nothing consumed) when the next value is not `true`/`false`;
    ///   `.unexpectedByte`/`.truncated` for a malformed literal.
    @inlinable
    public mutating func readBool() throws(JSONScanError) -> Bool {
        let b = try _nextNonWhitespace()
        if b == UInt8(ascii: "t") {
            try _expectLiteral(0x74_72_75_65, length: 4)
            _afterOpen = false
            return true
        }
        if b == UInt8(ascii: "f") {
            try _expectLiteral(0x66_61_6C_73_65, length: 5)
            _afterOpen = false
            return false
        }
        throw _mismatch(b, at: _pos)
    }

    /// Consumes the next value if it is `null`.
    ///
    /// - Returns: `true` after consuming `null`; `false` (nothing consumed) for any other value.
    /// - Throws: `.truncated` at the end of input; `.unexpectedByte` for a malformed `null`.
    @inlinable
    public mutating func consumeNull() throws(JSONScanError) -> Bool {
        let b = try _nextNonWhitespace()
        guard b == UInt8(ascii: "n") else { return false }
        try _expectLiteral(0x6E_75_6C_6C, length: 4)
        _afterOpen = false
        return true
    }

    // MARK: Internals

    @inlinable @inline(__always)
    mutating func _numberStart() throws(JSONScanError) -> Int {
        let b = try _nextNonWhitespace()
        guard b == UInt8(ascii: "-") || (b &- UInt8(ascii: "0")) < 10 else { throw _mismatch(b, at: _pos) }
        return _pos
    }

    @inlinable @inline(__always)
    func _isDigit(_ p: Int) -> Bool {
        p < _count && (_byte(p) &- UInt8(ascii: "0")) < 10
    }

    /// One-pass parse of the common number shape: at most 19 digits, an optional fraction and no
    /// exponent, with a mantissa the Clinger fast path rounds exactly. Returns `nil` for anything
    /// else (including malformed numbers), which the general scan-then-parse path then handles;
    /// when it answers, the value equals that path's.
    @inlinable @inline(__always)
    func _plainDecimal(from start: Int) -> (Double, Int)? {
        var p = start
        let negative = _byte(p) == UInt8(ascii: "-")
        if negative { p &+= 1 }
        guard p < _count else { return nil }
        var mantissa: UInt64 = 0
        var digits = 0
        let first = _byte(p) &- UInt8(ascii: "0")
        if first == 0 {
            p &+= 1
            digits = 1
        } else if first < 10 {
            (p, digits) = _accumulateDigits(from: p, into: &mantissa)
        } else {
            return nil
        }
        var fractionDigits = 0
        if p < _count && _byte(p) == UInt8(ascii: ".") {
            (p, fractionDigits) = _accumulateDigits(from: p &+ 1, into: &mantissa)
            guard fractionDigits > 0 else { return nil }
        }
        guard digits &+ fractionDigits <= 19, mantissa <= 1 << 53 else { return nil }
        if p < _count && (_byte(p) | 0x20) == UInt8(ascii: "e") { return nil }
        if mantissa == 0 { return (negative ? -0.0 : 0.0, p) }
        let value = Double(mantissa) / JSONScanner._exactPowerOfTen(fractionDigits)
        return (negative ? -value : value, p)
    }

    /// Appends the decimal digits at `start` to `mantissa` (wrapping; callers bound the count),
    /// eight per step while they last; returns the index after them and how many there were.
    @inlinable @inline(__always)
    func _accumulateDigits(from start: Int, into mantissa: inout UInt64) -> (end: Int, count: Int) {
        var p = start
        while p &+ 8 <= _count, let eight = _eightDigits(at: p) {
            mantissa = mantissa &* 100_000_000 &+ eight
            p &+= 8
        }
        while p < _count {
            let d = _byte(p) &- UInt8(ascii: "0")
            guard d < 10 else { break }
            mantissa = mantissa &* 10 &+ UInt64(d)
            p &+= 1
        }
        return (p, p &- start)
    }

    /// The value of the eight ASCII digits at `p` (`p + 8 <= _count`), or `nil` when any of the
    /// eight bytes is not a digit: one SWAR step instead of eight multiply-adds.
    @inlinable @inline(__always)
    func _eightDigits(at p: Int) -> UInt64? {
        let w = UInt64(littleEndian: _start.loadUnaligned(fromByteOffset: p, as: UInt64.self))
        // Every byte is 0x30...0x39: high nibbles are 3, and adding 6 does not carry into them.
        let high: UInt64 = 0xF0F0_F0F0_F0F0_F0F0
        guard (w & high) | (((w &+ 0x0606_0606_0606_0606) & high) >> 4) == 0x3333_3333_3333_3333 else { return nil }
        // Pairs, then quads, then the octet (the first digit is the lowest byte).
        var v = w &- 0x3030_3030_3030_3030
        v = (v &* 10) &+ (v >> 8)
        let mask: UInt64 = 0x0000_00FF_0000_00FF
        let mul1: UInt64 = 0x000F_4240_0000_0064  // 100 + (1_000_000 << 32)
        let mul2: UInt64 = 0x0000_2710_0000_0001  // 1 + (10_000 << 32)
        return (((v & mask) &* mul1) &+ (((v >> 16) & mask) &* mul2)) >> 32
    }

    /// Validates the number starting at `start`; returns the index just after it.
    @inlinable
    func _scanNumber(from start: Int) throws(JSONScanError) -> Int {
        var p = start
        if _byte(p) == UInt8(ascii: "-") { p &+= 1 }
        guard p < _count else { throw JSONScanError(.truncated, at: _count) }
        let first = _byte(p)
        if first == UInt8(ascii: "0") {
            p &+= 1
        } else if (first &- UInt8(ascii: "1")) < 9 {
            p &+= 1
            while _isDigit(p) { p &+= 1 }
        } else {
            throw JSONScanError(.unexpectedByte(first), at: p)
        }
        if p < _count && _byte(p) == UInt8(ascii: ".") {
            p &+= 1
            try _requireDigit(p)
            while _isDigit(p) { p &+= 1 }
        }
        if p < _count && (_byte(p) | 0x20) == UInt8(ascii: "e") {
            p &+= 1
            guard p < _count else { throw JSONScanError(.truncated, at: _count) }
            let sign = _byte(p)
            if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { p &+= 1 }
            try _requireDigit(p)
            while _isDigit(p) { p &+= 1 }
        }
        return p
    }

    @inlinable @inline(__always)
    func _requireDigit(_ p: Int) throws(JSONScanError) {
        guard p < _count else { throw JSONScanError(.truncated, at: _count) }
        let b = _byte(p)
        guard (b &- UInt8(ascii: "0")) < 10 else { throw JSONScanError(.unexpectedByte(b), at: p) }
    }

    /// The parts of a grammar-checked number: digit ranges and the explicit exponent.
    @usableFromInline
    struct _DecimalParts {
        @usableFromInline var negative: Bool
        @usableFromInline var intStart: Int
        @usableFromInline var intEnd: Int
        @usableFromInline var fracStart: Int
        @usableFromInline var fracEnd: Int
        /// The explicit exponent, saturated at ±1_000_000.
        @usableFromInline var exponent: Int
    }

    @usableFromInline
    func _decimalParts(_ start: Int, _ end: Int) -> _DecimalParts {
        var p = start
        let negative = _byte(p) == UInt8(ascii: "-")
        if negative { p &+= 1 }
        let intStart = p
        while p < end && (_byte(p) &- UInt8(ascii: "0")) < 10 { p &+= 1 }
        let intEnd = p
        var fracStart = p
        var fracEnd = p
        if p < end && _byte(p) == UInt8(ascii: ".") {
            p &+= 1
            fracStart = p
            while p < end && (_byte(p) &- UInt8(ascii: "0")) < 10 { p &+= 1 }
            fracEnd = p
        }
        var exponent = 0
        if p < end {  // e or E
            p &+= 1
            var expNegative = false
            if _byte(p) == UInt8(ascii: "-") {
                expNegative = true
                p &+= 1
            } else if _byte(p) == UInt8(ascii: "+") {
                p &+= 1
            }
            while p < end {
                if exponent < 1_000_000 { exponent = exponent &* 10 &+ Int(_byte(p) &- UInt8(ascii: "0")) }
                p &+= 1
            }
            if exponent > 1_000_000 { exponent = 1_000_000 }
            if expNegative { exponent = -exponent }
        }
        return _DecimalParts(
            negative: negative, intStart: intStart, intEnd: intEnd, fracStart: fracStart, fracEnd: fracEnd,
            exponent: exponent)
    }

    @usableFromInline
    static func _exactPowerOfTen(_ e: Int) -> Double {
        switch e {
        case 0: return 1e0
        case 1: return 1e1
        case 2: return 1e2
        case 3: return 1e3
        case 4: return 1e4
        case 5: return 1e5
        case 6: return 1e6
        case 7: return 1e7
        case 8: return 1e8
        case 9: return 1e9
        case 10: return 1e10
        case 11: return 1e11
        case 12: return 1e12
        case 13: return 1e13
        case 14: return 1e14
        case 15: return 1e15
        case 16: return 1e16
        case 17: return 1e17
        case 18: return 1e18
        case 19: return 1e19
        case 20: return 1e20
        case 21: return 1e21
        default: return 1e22
        }
    }

    /// Converts a grammar-checked number to the correctly rounded `Double`.
    @usableFromInline
    func _parseDouble(_ start: Int, _ end: Int) -> Double {
        let parts = _decimalParts(start, end)
        var mantissa: UInt64 = 0
        var significant = 0
        var exp10 = parts.exponent
        var p = parts.intStart
        while p < parts.intEnd {
            let d = UInt64(_byte(p) &- UInt8(ascii: "0"))
            if mantissa != 0 || d != 0 {
                significant &+= 1
                mantissa = mantissa &* 10 &+ d
            }
            p &+= 1
        }
        p = parts.fracStart
        while p < parts.fracEnd {
            let d = UInt64(_byte(p) &- UInt8(ascii: "0"))
            if mantissa != 0 || d != 0 {
                significant &+= 1
                mantissa = mantissa &* 10 &+ d
            }
            exp10 &-= 1
            p &+= 1
            if significant > 19 { break }
        }
        // Clinger's condition is an exactly representable mantissa (< 2^53), which admits the
        // 16-digit epoch seconds with microseconds (1717200000.121009) that a 15-digit test would not.
        if significant <= 19 && mantissa <= 1 << 53 {
            if mantissa == 0 { return parts.negative ? -0.0 : 0.0 }
            if exp10 >= -22 && exp10 <= 22 {
                // Clinger: both operands exact, so one correctly rounded operation.
                var value = Double(mantissa)
                if exp10 >= 0 {
                    value *= JSONScanner._exactPowerOfTen(exp10)
                } else {
                    value /= JSONScanner._exactPowerOfTen(-exp10)
                }
                return parts.negative ? -value : value
            }
        }
        return _strtod(start, end)
    }

    @usableFromInline @inline(never)
    func _strtod(_ start: Int, _ end: Int) -> Double {
        let length = end &- start
        let source = _start + start
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length &+ 1) { buffer in
            let base = buffer.baseAddress!
            UnsafeMutableRawPointer(base).copyMemory(from: source, byteCount: length)
            base[length] = 0
            return strtod(base, nil)
        }
    }

    /// Exact fixed-point conversion of a grammar-checked number; see `readScaledInteger`.
    @usableFromInline
    func _scaledInteger(_ start: Int, _ end: Int, fractionDigits: Int, exact: Bool) throws(JSONScanError) -> Int64 {
        let parts = _decimalParts(start, end)
        let intCount = parts.intEnd &- parts.intStart
        let fracCount = parts.fracEnd &- parts.fracStart
        let n = intCount &+ fracCount
        @inline(__always) func digit(_ k: Int) -> UInt64 {
            let p = k < intCount ? parts.intStart &+ k : parts.fracStart &+ (k &- intCount)
            return UInt64(_byte(p) &- UInt8(ascii: "0"))
        }
        let outOfRange = JSONScanError(.numberOutOfRange, at: start)
        let shift = parts.exponent &- fracCount &+ fractionDigits
        let keep = shift >= 0 ? n : Swift.max(0, n &+ shift)
        var acc: UInt64 = 0
        var k = 0
        while k < keep {
            let (m, o1) = acc.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(digit(k))
            if o1 || o2 { throw outOfRange }
            acc = s
            k &+= 1
        }
        if shift > 0 && acc != 0 {
            var i = 0
            while i < shift {
                let (m, o) = acc.multipliedReportingOverflow(by: 10)
                if o { throw outOfRange }
                acc = m
                i &+= 1
            }
        } else if shift < 0 {
            // Digits keep..<n are dropped; `r` is the first dropped digit's index (may be virtual).
            let r = n &+ shift
            if r >= 0 && r < n {
                let first = digit(r)
                var restNonZero = false
                var j = r &+ 1
                while j < n {
                    if digit(j) != 0 {
                        restNonZero = true
                        break
                    }
                    j &+= 1
                }
                if exact && (first != 0 || restNonZero) { throw outOfRange }
                let roundUp = first > 5 || (first == 5 && (restNonZero || acc & 1 == 1))
                if roundUp {
                    let (s, o) = acc.addingReportingOverflow(1)
                    if o { throw outOfRange }
                    acc = s
                }
            } else if exact {
                // All digits dropped below the rounding position: nonzero means a fraction.
                var j = 0
                while j < n {
                    if digit(j) != 0 { throw outOfRange }
                    j &+= 1
                }
            }
        }
        if parts.negative {
            guard acc <= UInt64(1) << 63 else { throw outOfRange }
            return Int64(bitPattern: 0 &- acc)
        }
        guard acc <= UInt64(Int64.max) else { throw outOfRange }
        return Int64(acc)
    }
}
