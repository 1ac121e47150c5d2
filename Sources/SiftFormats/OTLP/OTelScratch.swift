/// A growable byte buffer for the bytes ``OTelSpanReader`` synthesises per span (the X-Ray trace
/// id, time texts, small JSON objects).
///
/// Bytes are addressed by offset while a span is being written (the buffer may move when it
/// grows) and lent as slices once the span is complete; ``reset()`` starts the next span. The
/// owner calls ``deallocate()`` when done.
struct OTelScratch {
    private(set) var base: UnsafeMutableRawPointer
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 4096) {
        base = .allocate(byteCount: capacity, alignment: 1)
        self.capacity = capacity
    }

    mutating func deallocate() {
        base.deallocate()
        capacity = 0
        count = 0
    }

    mutating func reset() { count = 0 }

    /// Makes room for `extra` more bytes (the base may move).
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count &+ extra > capacity { grow(count &+ extra) }
    }

    private mutating func grow(_ needed: Int) {
        var newCapacity = max(capacity * 2, 4096)
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 1)
        newBase.copyMemory(from: base, byteCount: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        base.storeBytes(of: byte, toByteOffset: count, as: UInt8.self)
        count &+= 1
    }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (base + count).copyMemory(from: source, byteCount: bytes.count)
        count &+= bytes.count
    }

    /// Inserts `byte` at `offset`, moving the bytes after it.
    mutating func insert(_ byte: UInt8, at offset: Int) {
        reserve(1)
        (base + offset + 1).copyMemory(from: base + offset, byteCount: count - offset)
        base.storeBytes(of: byte, toByteOffset: offset, as: UInt8.self)
        count &+= 1
    }

    mutating func append(_ text: StaticString) {
        append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends `bytes` as a JSON string: quotes, `"` `\` and control characters escaped, other
    /// bytes (UTF-8 included) as they are.
    mutating func appendQuoted(_ bytes: UnsafeRawBufferPointer) {
        reserve(bytes.count &+ 2)
        append(UInt8(ascii: "\""))
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            case 0..<0x20:
                append("\\u00")
                append(OTelScratch.hexDigit(byte >> 4))
                append(OTelScratch.hexDigit(byte & 0xF))
            default: append(byte)
            }
        }
        append(UInt8(ascii: "\""))
    }

    /// Appends a non-negative integer in decimal, left-padded with zeros to `minimumDigits`.
    mutating func appendDecimal(_ value: UInt64, minimumDigits: Int = 1) {
        var n = value
        var length = 1
        while n >= 10 {
            n /= 10
            length += 1
        }
        length = max(length, minimumDigits)
        reserve(length)
        var remaining = value
        var position = count &+ length
        while position > count {
            position -= 1
            base.storeBytes(of: UInt8(ascii: "0") &+ UInt8(remaining % 10), toByteOffset: position, as: UInt8.self)
            remaining /= 10
        }
        count &+= length
    }

    /// Appends a signed integer in decimal.
    mutating func appendInteger(_ value: Int64) {
        if value < 0 {
            append(UInt8(ascii: "-"))
            appendDecimal(value.magnitude)
        } else {
            appendDecimal(UInt64(value))
        }
    }

    /// The bytes at `range`, valid until the next write or ``reset()``.
    func slice(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count)
    }

    @inline(__always)
    static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") &+ nibble : UInt8(ascii: "a") &+ nibble &- 10
    }
}
