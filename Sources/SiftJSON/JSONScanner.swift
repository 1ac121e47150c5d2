#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A forward-only pull scanner over one borrowed buffer of JSON bytes.
///
/// The scanner never copies the input. Walk objects with ``beginObject()`` and ``nextKey()``,
/// arrays with ``beginArray()`` and ``nextElement()``, read the values you need with the
/// `read*` methods and ``skipValue()`` the rest. Everything is validated as it is passed:
/// structure, string escapes, UTF-8, control characters, number grammar and nesting depth.
///
/// ```swift
/// var scanner = JSONScanner(bytes)
/// try scanner.beginObject()
/// while let key = try scanner.nextKey() {
///     if key.equals("id") { id = try scanner.readString() } else { try scanner.skipValue() }
/// }
/// ```
///
/// Memory: after warm-up the scanner allocates nothing per document. Strings with escapes are
/// unescaped into one scratch buffer owned by the scanner; ``reset(_:)`` reuses it for the next
/// record. Pointers returned by ``nextKey()``, ``readStringBytes()`` and ``rawValue()`` live until
/// the next call on the scanner (scratch contents) and at most as long as the input buffer.
///
/// Misuse such as calling ``nextKey()`` without reading the previous value yields a
/// ``JSONScanError`` (typically `.unexpectedByte`), never a trap. A leading UTF-8 byte order mark
/// is skipped; error offsets still count from the start of the buffer.
///
/// Copies of a scanner share the scratch buffer, so use one scanner per thread and do not keep
/// copies. The scanner is not `Sendable`.
public struct JSONScanner {
    @usableFromInline var _start: UnsafeRawPointer
    @usableFromInline var _count: Int
    @usableFromInline var _pos: Int
    /// Containers begun with `beginObject`/`beginArray` and not yet closed.
    @usableFromInline var _depth: Int
    @usableFromInline let _maxDepth: Int
    /// True right after `{` or `[` was consumed by `beginObject`/`beginArray`.
    @usableFromInline var _afterOpen: Bool
    @usableFromInline let _scratch: _JSONScratch

    /// Creates a scanner over `buffer`, which must outlive every use of the scanner.
    ///
    /// - Parameters:
    ///   - buffer: The bytes of one JSON document (or a sequence the caller walks).
    ///   - maxDepth: The deepest nesting of objects and arrays accepted; deeper input throws
    ///     `.depthLimitExceeded`.
    /// - Complexity: Allocates the scratch storage once.
    public init(_ buffer: UnsafeRawBufferPointer, maxDepth: Int = 512) {
        _start = JSONScanner._emptyBase
        _count = 0
        _pos = 0
        _depth = 0
        _maxDepth = max(1, maxDepth)
        _afterOpen = false
        _scratch = _JSONScratch(maxDepth: _maxDepth)
        reset(buffer)
    }

    /// Points the scanner at the next document, keeping its scratch storage.
    ///
    /// - Parameter buffer: The next document's bytes; a leading UTF-8 BOM is skipped.
    /// - Complexity: O(1), no allocation.
    @inlinable
    public mutating func reset(_ buffer: UnsafeRawBufferPointer) {
        if let base = buffer.baseAddress, buffer.count > 0 {
            _start = base
            _count = buffer.count
        } else {
            _start = JSONScanner._emptyBase
            _count = 0
        }
        _pos = 0
        _depth = 0
        _afterOpen = false
        if _count >= 3, _byte(0) == 0xEF, _byte(1) == 0xBB, _byte(2) == 0xBF { _pos = 3 }
    }

    @usableFromInline
    static var _emptyBase: UnsafeRawPointer { UnsafeRawPointer(bitPattern: 0x10)! }

    /// The current byte position from the start of the buffer.
    @inlinable
    public var offset: Int { _pos }

    /// The current nesting depth: containers begun and not yet closed.
    @inlinable
    public var depth: Int { _depth }

    /// Whether only whitespace remains; skips that whitespace.
    @inlinable
    public mutating func isAtEnd() -> Bool {
        _skipWhitespace()
        return _pos >= _count
    }

    // MARK: Bytes

    /// The input as a trivial value, for out-of-line helpers: passing the scanner itself to a
    /// non-inlined function from a mutating one copies it, which retains its scratch storage.
    @inlinable
    var _input: _JSONInput { _JSONInput(start: _start, count: _count) }

    /// Safe because every caller checks `i < _count` first.
    @inlinable @inline(__always)
    func _byte(_ i: Int) -> UInt8 {
        assert(i >= 0 && i < _count)
        return _start.load(fromByteOffset: i, as: UInt8.self)
    }

    @inlinable @inline(__always)
    func _slice(_ from: Int, _ to: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: _start + from, count: to &- from)
    }

    @inlinable @inline(__always)
    mutating func _skipWhitespace() {
        var p = _pos
        while p < _count {
            let b = _byte(p)
            if b > 0x20 { break }
            if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { p &+= 1 } else { break }
        }
        _pos = p
    }

    /// Skips whitespace and returns the next byte, or throws `.truncated` at the end.
    @inlinable @inline(__always)
    mutating func _nextNonWhitespace() throws(JSONScanError) -> UInt8 {
        _skipWhitespace()
        guard _pos < _count else { throw JSONScanError(.truncated, at: _count) }
        return _byte(_pos)
    }

    /// The error for a byte that is not the expected kind of value: `.typeMismatch` when it
    /// starts some other JSON value, `.unexpectedByte` otherwise.
    @usableFromInline @inline(never)
    func _mismatch(_ b: UInt8, at p: Int) -> JSONScanError {
        switch b {
        case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "\""), UInt8(ascii: "-"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            return JSONScanError(.typeMismatch, at: p)
        default:
            return JSONScanError(.unexpectedByte(b), at: p)
        }
    }

    // MARK: Kinds and structure

    /// Skips whitespace and tells the type of the next value without consuming it.
    ///
    /// - Returns: The kind indicated by the value's first byte.
    /// - Throws: `.truncated` at the end of input, `.unexpectedByte` when no value starts here.
    @inlinable @inline(__always)
    public mutating func peekKind() throws(JSONScanError) -> JSONKind {
        let b = try _nextNonWhitespace()
        switch b {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        default: throw JSONScanError(.unexpectedByte(b), at: _pos)
        }
    }

    @inlinable @inline(__always)
    mutating func _begin(_ open: UInt8) throws(JSONScanError) {
        let b = try _nextNonWhitespace()
        guard b == open else { throw _mismatch(b, at: _pos) }
        guard _depth < _maxDepth else { throw JSONScanError(.depthLimitExceeded, at: _pos) }
        _pos &+= 1
        _depth &+= 1
        _afterOpen = true
    }

    /// Consumes the `{` that opens an object; walk it with ``nextKey()``.
    ///
    /// - Throws: `.typeMismatch` (nothing consumed) when the next value is not an object,
    ///   `.depthLimitExceeded`, `.truncated`, `.unexpectedByte`.
    @inlinable
    public mutating func beginObject() throws(JSONScanError) {
        try _begin(UInt8(ascii: "{"))
    }

    /// Consumes the `[` that opens an array; walk it with ``nextElement()``.
    ///
    /// - Throws: `.typeMismatch` (nothing consumed) when the next value is not an array,
    ///   `.depthLimitExceeded`, `.truncated`, `.unexpectedByte`.
    @inlinable
    public mutating func beginArray() throws(JSONScanError) {
        try _begin(UInt8(ascii: "["))
    }

    /// Moves to the next member of the current object and returns its key.
    ///
    /// Consumes the separating comma, the key and the `:`, so the scanner is at the member's
    /// value, which the caller must read or skip before calling `nextKey()` again.
    ///
    /// - Returns: The key's unescaped bytes: a slice of the input when the key has no escapes,
    ///   else scratch storage valid until the next call on the scanner. `nil` after consuming
    ///   the object's closing `}`.
    /// - Throws: `.unexpectedByte` on bad structure (e.g. `{"a":1,}`), string errors in the key,
    ///   `.truncated` at the end of input.
    @inlinable @inline(__always)
    public mutating func nextKey() throws(JSONScanError) -> UnsafeRawBufferPointer? {
        if let key = _compactKey() { return key }
        return try _nextKeyGeneral()
    }

    /// ``nextKey()`` for any layout (whitespace, escapes, long keys, the closing brace); kept out
    /// of line so the fast path inlines into callers.
    @usableFromInline @inline(never)
    mutating func _nextKeyGeneral() throws(JSONScanError) -> UnsafeRawBufferPointer? {
        var b = try _nextNonWhitespace()
        if b == UInt8(ascii: "}") {
            // A close with no open container is misuse or bad input; never let depth go negative.
            guard _depth > 0 else { throw JSONScanError(.unexpectedByte(b), at: _pos) }
            _pos &+= 1
            _depth &-= 1
            _afterOpen = false
            return nil
        }
        if _afterOpen {
            _afterOpen = false
        } else {
            guard b == UInt8(ascii: ",") else { throw JSONScanError(.unexpectedByte(b), at: _pos) }
            _pos &+= 1
            b = try _nextNonWhitespace()
        }
        guard b == UInt8(ascii: "\"") else { throw JSONScanError(.unexpectedByte(b), at: _pos) }
        let key = try _readStringAtQuote()
        let colon = try _nextNonWhitespace()
        guard colon == UInt8(ascii: ":") else { throw JSONScanError(.unexpectedByte(colon), at: _pos) }
        _pos &+= 1
        return key
    }

    /// The fast path of ``nextKey()`` for compact JSON: `,"key":` (or `"key":` first in an
    /// object) with no whitespace and a key of at most 15 plain ASCII bytes, found with at most
    /// two eight-byte steps. Anything else (whitespace, escapes, non-ASCII, long keys, the end of
    /// the object, the end of the buffer) returns `nil` with nothing consumed, for the general path.
    @inlinable @inline(__always)
    mutating func _compactKey() -> UnsafeRawBufferPointer? {
        var q = _pos
        // Room for the separator, the quotes, 16 key bytes and the colon.
        guard q &+ 19 <= _count else { return nil }
        if !_afterOpen {
            guard _byte(q) == UInt8(ascii: ",") else { return nil }
            q &+= 1
        }
        guard _byte(q) == UInt8(ascii: "\"") else { return nil }
        let keyStart = q &+ 1
        var length = -1
        let first = JSONScanner._attentionMask(UInt64(littleEndian: _start.loadUnaligned(fromByteOffset: keyStart, as: UInt64.self)))
        if first != 0 {
            length = first.trailingZeroBitCount &>> 3
        } else {
            let second = JSONScanner._attentionMask(UInt64(littleEndian: _start.loadUnaligned(fromByteOffset: keyStart &+ 8, as: UInt64.self)))
            if second != 0 { length = 8 &+ (second.trailingZeroBitCount &>> 3) }
        }
        // The first byte needing attention must be the closing quote, directly followed by `:`.
        guard length >= 0, _byte(keyStart &+ length) == UInt8(ascii: "\""),
            _byte(keyStart &+ length &+ 1) == UInt8(ascii: ":")
        else { return nil }
        _pos = keyStart &+ length &+ 2
        _afterOpen = false
        return _slice(keyStart, keyStart &+ length)
    }

    /// Moves to the next element of the current array.
    ///
    /// Consumes the separating comma, so the scanner is at the element, which the caller must
    /// read or skip before calling `nextElement()` again.
    ///
    /// - Returns: `true` when an element follows; `false` after consuming the closing `]`.
    /// - Throws: `.unexpectedByte` on bad structure (e.g. `[1 2]`, `[1,]`), `.truncated`.
    @inlinable
    public mutating func nextElement() throws(JSONScanError) -> Bool {
        let b = try _nextNonWhitespace()
        if b == UInt8(ascii: "]") {
            guard _depth > 0 else { throw JSONScanError(.unexpectedByte(b), at: _pos) }
            _pos &+= 1
            _depth &-= 1
            _afterOpen = false
            return false
        }
        if _afterOpen {
            _afterOpen = false
            return true
        }
        guard b == UInt8(ascii: ",") else { throw JSONScanError(.unexpectedByte(b), at: _pos) }
        _pos &+= 1
        let n = try _nextNonWhitespace()
        if n == UInt8(ascii: "]") { throw JSONScanError(.unexpectedByte(n), at: _pos) }
        return true
    }

    // MARK: Skipping

    /// Skips the next value, validating it completely.
    ///
    /// Strings are checked for escapes, UTF-8 and control characters, numbers for grammar,
    /// and nesting against `maxDepth`. Iterative: deep input cannot overflow the stack.
    ///
    /// - Throws: Any ``JSONScanError`` reason except `.typeMismatch` and `.numberOutOfRange`.
    /// - Complexity: O(n) in the value's length; no allocation.
    @inlinable
    public mutating func skipValue() throws(JSONScanError) {
        _afterOpen = false
        try _skipValue()
    }

    /// Skips the next value and returns its exact bytes (without surrounding whitespace).
    ///
    /// - Returns: A slice of the input, valid as long as the input buffer.
    /// - Throws: As ``skipValue()``.
    @inlinable
    public mutating func rawValue() throws(JSONScanError) -> UnsafeRawBufferPointer {
        _afterOpen = false
        _skipWhitespace()
        let start = _pos
        try _skipValue()
        return _slice(start, _pos)
    }

    /// Consumes the next value when the input continues with exactly `known`: a complete array,
    /// object or string validated before (e.g. the same text in an earlier record), so the bytes
    /// need no second check.
    ///
    /// - Returns: The value as a slice of the input, or `nil` (nothing consumed) when the input
    ///   differs or `known` does not start with `[`, `{` or `"` (numbers and literals do not
    ///   delimit themselves).
    /// - Complexity: one `memcmp` of `known.count` bytes.
    @inlinable
    public mutating func rawValue(ifEqualTo known: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        _skipWhitespace()
        let n = known.count
        guard n > 0, _count &- _pos >= n else { return nil }
        let first = known.load(as: UInt8.self)
        guard first == UInt8(ascii: "[") || first == UInt8(ascii: "{") || first == UInt8(ascii: "\"") else { return nil }
        guard memcmp(_start + _pos, known.baseAddress!, n) == 0 else { return nil }
        _afterOpen = false
        let start = _pos
        _pos &+= n
        return _slice(start, _pos)
    }

    /// Checks that `buffer` holds exactly one JSON value, optionally surrounded by whitespace.
    ///
    /// - Throws: The first problem found, with its byte offset; `.truncated` for empty input.
    /// - Complexity: O(n); allocates only the scanner's small scratch storage.
    public static func validate(_ buffer: UnsafeRawBufferPointer, maxDepth: Int = 512) throws(JSONScanError) {
        var scanner = JSONScanner(buffer, maxDepth: maxDepth)
        try scanner.skipValue()
        try scanner.expectEnd()
    }

    /// Throws unless only whitespace remains.
    ///
    /// - Throws: `.unexpectedByte` at the first byte that is not whitespace.
    @inlinable
    public mutating func expectEnd() throws(JSONScanError) {
        if !isAtEnd() { throw JSONScanError(.unexpectedByte(_byte(_pos)), at: _pos) }
    }

    @usableFromInline
    mutating func _skipLiteral(_ b: UInt8) throws(JSONScanError) {
        switch b {
        case UInt8(ascii: "t"): try _expectLiteral(0x74_72_75_65, length: 4)  // true
        case UInt8(ascii: "f"): try _expectLiteral(0x66_61_6C_73_65, length: 5)  // false
        default: try _expectLiteral(0x6E_75_6C_6C, length: 4)  // null
        }
    }

    /// Consumes a literal given as big-endian packed ASCII.
    @inlinable
    mutating func _expectLiteral(_ packed: UInt64, length: Int) throws(JSONScanError) {
        var i = 0
        while i < length {
            let p = _pos &+ i
            guard p < _count else { throw JSONScanError(.truncated, at: _count) }
            let want = UInt8(truncatingIfNeeded: packed >> (UInt64(length &- 1 &- i) &* 8))
            let b = _byte(p)
            guard b == want else { throw JSONScanError(.unexpectedByte(b), at: p) }
            i &+= 1
        }
        _pos &+= length
    }

    @usableFromInline
    mutating func _skipValue() throws(JSONScanError) {
        let stack = _scratch.stack
        var local = 0  // containers opened by this skip
        let room = _maxDepth &- _depth  // <= _maxDepth because _depth >= 0, so the stack suffices
        while true {
            // Parse one value (or open a container).
            var b = try _nextNonWhitespace()
            switch b {
            case UInt8(ascii: "\""):
                try _skipString()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard local < room else { throw JSONScanError(.depthLimitExceeded, at: _pos) }
                let isObject = b == UInt8(ascii: "{")
                let word = local &>> 6
                let bit = UInt64(1) &<< UInt64(local & 63)
                if isObject { stack[word] |= bit } else { stack[word] &= ~bit }
                local &+= 1
                _pos &+= 1
                let n = try _nextNonWhitespace()
                if isObject {
                    if n == UInt8(ascii: "}") {
                        _pos &+= 1
                        local &-= 1
                    } else {
                        try _skipKeyAndColon(n)
                        continue
                    }
                } else {
                    if n == UInt8(ascii: "]") {
                        _pos &+= 1
                        local &-= 1
                    } else {
                        continue
                    }
                }
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                _pos = try _scanNumber(from: _pos)
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                try _skipLiteral(b)
            default:
                throw JSONScanError(.unexpectedByte(b), at: _pos)
            }
            // After a complete value: close containers or move to the next member.
            while true {
                if local == 0 { return }
                let top = local &- 1
                let isObject = stack[top &>> 6] & (UInt64(1) &<< UInt64(top & 63)) != 0
                b = try _nextNonWhitespace()
                if b == UInt8(ascii: ",") {
                    _pos &+= 1
                    if isObject {
                        let n = try _nextNonWhitespace()
                        try _skipKeyAndColon(n)
                    } else {
                        let n = try _nextNonWhitespace()
                        if n == UInt8(ascii: "]") { throw JSONScanError(.unexpectedByte(n), at: _pos) }
                    }
                    break
                }
                if b == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    _pos &+= 1
                    local = top
                    continue
                }
                throw JSONScanError(.unexpectedByte(b), at: _pos)
            }
        }
    }

    @inlinable @inline(__always)
    mutating func _skipKeyAndColon(_ first: UInt8) throws(JSONScanError) {
        guard first == UInt8(ascii: "\"") else { throw JSONScanError(.unexpectedByte(first), at: _pos) }
        try _skipString()
        let c = try _nextNonWhitespace()
        guard c == UInt8(ascii: ":") else { throw JSONScanError(.unexpectedByte(c), at: _pos) }
        _pos &+= 1
    }
}

/// Scratch storage owned by one scanner: the unescape buffer and the container-type bit stack.
///
/// A class so that pointers into it stay valid while the scanner lives and are freed in `deinit`.
@usableFromInline
final class _JSONScratch {
    @usableFromInline var bytes: UnsafeMutableRawPointer
    @usableFromInline var capacity: Int
    @usableFromInline let stack: UnsafeMutablePointer<UInt64>
    let stackWords: Int

    init(maxDepth: Int) {
        capacity = 256
        bytes = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
        stackWords = (maxDepth &+ 64) / 64
        stack = UnsafeMutablePointer<UInt64>.allocate(capacity: stackWords)
        stack.initialize(repeating: 0, count: stackWords)
    }

    /// Grows the unescape buffer to at least `needed` bytes, keeping the first `used` bytes.
    @usableFromInline @inline(never)
    func grow(to needed: Int, keeping used: Int) {
        var newCapacity = capacity
        while newCapacity < needed { newCapacity = newCapacity &* 2 }
        let fresh = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 8)
        fresh.copyMemory(from: bytes, byteCount: used)
        bytes.deallocate()
        bytes = fresh
        capacity = newCapacity
    }

    deinit {
        bytes.deallocate()
        stack.deinitialize(count: stackWords)
        stack.deallocate()
    }
}

extension UnsafeRawBufferPointer {
    /// Whether these bytes equal the UTF-8 bytes of `literal`; for comparing keys to literals.
    ///
    /// - Complexity: O(n), no allocation.
    @inlinable @inline(__always)
    public func equals(_ literal: StaticString) -> Bool {
        if literal.hasPointerRepresentation {
            // The length is known without touching the bytes: most mismatches stop here.
            guard literal.utf8CodeUnitCount == count else { return false }
            guard let a = baseAddress else { return true }
            let b = literal.utf8Start
            var i = 0
            while i < count {
                if a.load(fromByteOffset: i, as: UInt8.self) != b[i] { return false }
                i &+= 1
            }
            return true
        }
        return literal.withUTF8Buffer { lit in
            guard lit.count == self.count else { return false }
            guard let a = self.baseAddress, let b = lit.baseAddress else { return true }
            var i = 0
            while i < lit.count {
                if a.load(fromByteOffset: i, as: UInt8.self) != b[i] { return false }
                i &+= 1
            }
            return true
        }
    }

    /// Whether these bytes equal `other`'s bytes.
    ///
    /// - Complexity: O(n), no allocation.
    @inlinable
    public func equals(_ other: UnsafeRawBufferPointer) -> Bool {
        guard other.count == self.count else { return false }
        guard let a = self.baseAddress, let b = other.baseAddress else { return true }
        var i = 0
        while i < count {
            if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
            i &+= 1
        }
        return true
    }
}

/// The bytes a ``JSONScanner`` reads (start and length), for helpers that must not copy the scanner.
@usableFromInline
struct _JSONInput {
    @usableFromInline let start: UnsafeRawPointer
    @usableFromInline let count: Int

    @inlinable
    init(start: UnsafeRawPointer, count: Int) {
        self.start = start
        self.count = count
    }

    /// Safe because every caller checks `i < count` first.
    @inlinable @inline(__always)
    func byte(_ i: Int) -> UInt8 {
        assert(i >= 0 && i < count)
        return start.load(fromByteOffset: i, as: UInt8.self)
    }
}
