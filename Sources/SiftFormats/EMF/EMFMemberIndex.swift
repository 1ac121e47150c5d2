import Glibc

/// The root members of one JSON object: key bytes to value bytes, in storage reused across records.
///
/// EMF targets may come before `_aws` in the object, so the decoder indexes the root once and then
/// resolves every reference against the index. Value slices point into the record; keys point into
/// the record too, except keys with escapes, which are copied into a small arena.
struct EMFMemberIndex {
    private struct Member {
        /// Offset of the key in the record, or `-1 - offset` into the arena.
        var keyStart: Int
        var keyCount: Int
        var valueStart: Int
        var valueCount: Int
    }

    private var members: [Member] = []
    private var arena: [UInt8] = []
    private var base = UnsafeRawPointer(bitPattern: 0x10)!

    /// Forgets the previous record and indexes members of `record`.
    mutating func reset(_ record: UnsafeRawBufferPointer) {
        members.removeAll(keepingCapacity: true)
        arena.removeAll(keepingCapacity: true)
        base = record.baseAddress ?? UnsafeRawPointer(bitPattern: 0x10)!
    }

    /// Adds a member; `value` must be a slice of the record passed to ``reset(_:)``.
    mutating func append(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        let keyStart: Int
        if let k = key.baseAddress, k >= base, k + key.count <= value.baseAddress! {
            keyStart = k - base
        } else {
            keyStart = -1 - arena.count
            arena.append(contentsOf: key)
        }
        members.append(Member(keyStart: keyStart, keyCount: key.count, valueStart: value.baseAddress! - base, valueCount: value.count))
    }

    /// The value of the last member named `key` (JSON parsers keep the last duplicate), or `nil`.
    func value(of key: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        var i = members.count - 1
        while i >= 0 {
            let m = members[i]
            if m.keyCount == key.count && keyEquals(m, key) {
                return UnsafeRawBufferPointer(start: base + m.valueStart, count: m.valueCount)
            }
            i -= 1
        }
        return nil
    }

    /// The value of the member named by a literal.
    func value(of key: StaticString) -> UnsafeRawBufferPointer? {
        value(of: UnsafeRawBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
    }

    private func keyEquals(_ m: Member, _ key: UnsafeRawBufferPointer) -> Bool {
        if key.isEmpty { return true }
        if m.keyStart >= 0 { return memcmp(base + m.keyStart, key.baseAddress!, key.count) == 0 }
        return arena.withUnsafeBytes { memcmp($0.baseAddress! + (-1 - m.keyStart), key.baseAddress!, key.count) == 0 }
    }
}
