import Glibc

/// Maps byte strings to small dense integer ids, storing each distinct string once.
///
/// Reports key their groups by ids instead of `String`s, so the hot path looks up borrowed
/// bytes without allocating; a `String` is made once per distinct value, when results are printed.
///
/// ```swift
/// var interner = ByteInterner()
/// let id = interner.intern(bytes)      // same bytes, same id
/// print(interner.string(id))
/// ```
///
/// - Complexity: `intern` is O(n) in the key's length, amortised; memory grows with the number
///   and length of distinct strings.
public struct ByteInterner: Sendable {
    @usableFromInline var storage: [UInt8] = []
    @usableFromInline var starts: [Int] = [0]
    private var hashes: [UInt64] = []
    /// Open-addressing table of `id + 1` (0 = empty); its size is a power of two.
    private var table: [Int32] = Array(repeating: 0, count: 64)

    /// Creates an empty interner.
    public init() {}

    /// The number of distinct strings.
    public var count: Int { hashes.count }

    /// The id of `bytes`, adding them when new.
    public mutating func intern(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        let hash = ByteInterner.tableHash(bytes)
        let mask = table.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = table[slot]
            if entry == 0 { break }
            let id = Int(entry - 1)
            if hashes[id] == hash && equals(id, bytes) { return Int32(id) }
            slot = (slot + 1) & mask
        }
        let id = hashes.count
        storage.append(contentsOf: bytes)
        starts.append(storage.count)
        hashes.append(hash)
        table[slot] = Int32(id + 1)
        if hashes.count * 2 > table.count { grow() }
        return Int32(id)
    }

    /// The id of a `String`'s UTF-8 bytes, adding them when new.
    public mutating func intern(_ string: String) -> Int32 {
        var string = string
        return string.withUTF8 { intern(UnsafeRawBufferPointer($0)) }
    }

    /// The string for an id.
    public func string(_ id: Int32) -> String {
        let i = Int(id)
        return String(decoding: storage[starts[i]..<starts[i + 1]], as: UTF8.self)
    }

    /// Calls `body` with the bytes of an id.
    @inlinable
    public func withBytes<R>(_ id: Int32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let i = Int(id)
        return try storage.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[starts[i]..<starts[i + 1]])) }
    }

    private func equals(_ id: Int, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let start = starts[id], end = starts[id + 1]
        guard end - start == bytes.count else { return false }
        return storage.withUnsafeBytes { stored in
            bytes.isEmpty || memcmp(stored.baseAddress! + start, bytes.baseAddress!, bytes.count) == 0
        }
    }

    private mutating func grow() {
        var bigger = [Int32](repeating: 0, count: table.count * 2)
        let mask = bigger.count - 1
        for (id, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while bigger[slot] != 0 { slot = (slot + 1) & mask }
            bigger[slot] = Int32(id + 1)
        }
        table = bigger
    }

    /// The table's hash: eight bytes per step (unaligned loads), then a final mix. Only used
    /// inside the table, so it may differ from ``hash(_:)``, whose values callers keep.
    @inline(__always)
    static func tableHash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let n = bytes.count
        guard let base = bytes.baseAddress else { return 0x9E37_79B9_7F4A_7C15 }
        var h = UInt64(truncatingIfNeeded: n) &* 0x9E37_79B9_7F4A_7C15
        var i = 0
        while i &+ 8 <= n {
            h = (h ^ base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            i &+= 8
        }
        if i < n {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                tail |= UInt64(base.load(fromByteOffset: i, as: UInt8.self)) &<< shift
                shift &+= 8
                i &+= 1
            }
            h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        }
        h ^= h >> 29
        h &*= 0xBF58_476D_1CE4_E5B9
        return h ^ (h >> 32)
    }

    /// A 64-bit hash of the bytes: FNV-1a finished with a multiplicative mix so the low bits spread well.
    @inline(__always)
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            h ^= UInt64(byte)
            h &*= 0x0000_0100_0000_01B3
        }
        return (h ^ (h >> 29)) &* 0xBF58_476D_1CE4_E5B9
    }
}
