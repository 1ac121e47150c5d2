/// SplitMix64, a small deterministic random number generator for randomized tests: the same
/// seed gives the same sequence on every run and machine, so a failure found with it reproduces.
/// Not for anything that needs unpredictable numbers.
///
/// ```swift
/// var rng = SplitMix(state: 42)
/// let values = (0..<1000).map { _ in Double.random(in: 0..<1, using: &rng) }
/// ```
public struct SplitMix: RandomNumberGenerator, Sendable {
    /// The generator's state; before the first draw, the seed.
    public var state: UInt64

    /// A generator seeded with `state`.
    public init(state: UInt64) {
        self.state = state
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
