/// A set of byte values (256 bits): what one consuming instruction accepts.
struct ByteSet: Sendable, Equatable {
    /// Bit `b` of word `b / 64` is set when byte `b` is in the set.
    var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    init() {}

    /// The set holding `byte` alone.
    init(_ byte: UInt8) { insert(byte) }

    /// Whether `byte` is in the set.
    @inline(__always)
    func contains(_ byte: UInt8) -> Bool {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: return words.0 & bit != 0
        case 1: return words.1 & bit != 0
        case 2: return words.2 & bit != 0
        default: return words.3 & bit != 0
        }
    }

    /// Adds `byte`.
    mutating func insert(_ byte: UInt8) {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: words.0 |= bit
        case 1: words.1 |= bit
        case 2: words.2 |= bit
        default: words.3 |= bit
        }
    }

    /// Adds every byte in `range`.
    mutating func insert(_ range: ClosedRange<UInt8>) { for b in range { insert(b) } }

    /// Adds every byte of `other`.
    mutating func formUnion(_ other: ByteSet) {
        words.0 |= other.words.0; words.1 |= other.words.1; words.2 |= other.words.2; words.3 |= other.words.3
    }

    /// The number of bytes in the set.
    var count: Int {
        words.0.nonzeroBitCount + words.1.nonzeroBitCount + words.2.nonzeroBitCount + words.3.nonzeroBitCount
    }

    /// Whether the set holds no byte.
    var isEmpty: Bool { words.0 | words.1 | words.2 | words.3 == 0 }

    /// The one byte in the set, if it holds exactly one.
    var onlyMember: UInt8? {
        guard count == 1 else { return nil }
        for (i, word) in [words.0, words.1, words.2, words.3].enumerated() where word != 0 {
            return UInt8(i * 64 + word.trailingZeroBitCount)
        }
        return nil
    }

    /// The bytes not in this set.
    var inverted: ByteSet {
        var s = ByteSet()
        s.words = (~words.0, ~words.1, ~words.2, ~words.3)
        return s
    }

    /// The set with both cases of every ASCII letter it holds.
    var caseFolded: ByteSet {
        var s = self
        for b in UInt8(ascii: "A")...UInt8(ascii: "Z") where contains(b) || contains(b | 0x20) {
            s.insert(b)
            s.insert(b | 0x20)
        }
        return s
    }

    static func == (a: ByteSet, b: ByteSet) -> Bool {
        a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
    }

    /// `\d`: ASCII digits.
    static let digits: ByteSet = { var s = ByteSet(); s.insert(0x30...0x39); return s }()
    /// `\w`: ASCII letters, digits and `_`.
    static let word: ByteSet = {
        var s = digits; s.insert(0x41...0x5A); s.insert(0x61...0x7A); s.insert(0x5F); return s
    }()
    /// `\s`: space, tab, newline, carriage return, vertical tab, form feed.
    static let space: ByteSet = { var s = ByteSet(); for b: UInt8 in [0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C] { s.insert(b) }; return s }()
    /// UTF-8 continuation bytes (10xxxxxx).
    static let continuation: ByteSet = { var s = ByteSet(); s.insert(0x80...0xBF); return s }()
}
