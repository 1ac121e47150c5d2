/// How many times each statement ran in each trace: an open-addressing table from
/// (trace hash, statement index) to a count, hashed with one multiply instead of SipHash.
///
/// The SQL report adds to it once per `sql` node, so it replaces a `Dictionary` whose hashing
/// dominated that path. Statement indices are whatever the owner assigns (per input, or global
/// after merging); the table only stores them.
struct TraceStatementCounts: Sendable {
    private var traces: [UInt64]
    private var statements: [Int32]
    /// 0 marks an empty slot.
    private var counts: [Int32]
    private var mask: Int
    /// The number of distinct (trace, statement) pairs.
    private(set) var count = 0

    /// Creates an empty table.
    init() {
        traces = Array(repeating: 0, count: 1024)
        statements = Array(repeating: 0, count: 1024)
        counts = Array(repeating: 0, count: 1024)
        mask = 1023
    }

    @inline(__always)
    private static func slot(_ trace: UInt64, _ statement: Int32, _ mask: Int) -> Int {
        let mixed = (trace ^ (UInt64(UInt32(bitPattern: statement)) &* 0x9E37_79B9_7F4A_7C15)) &* 0xBF58_476D_1CE4_E5B9
        return Int(truncatingIfNeeded: mixed >> 32) & mask
    }

    /// Adds `amount` (positive) to the count of `statement` in `trace`.
    mutating func add(trace: UInt64, statement: Int32, _ amount: Int32 = 1) {
        var i = TraceStatementCounts.slot(trace, statement, mask)
        while counts[i] != 0 {
            if traces[i] == trace && statements[i] == statement {
                counts[i] &+= amount
                return
            }
            i = (i &+ 1) & mask
        }
        traces[i] = trace
        statements[i] = statement
        counts[i] = amount
        count += 1
        if count * 2 > mask { grow() }
    }

    private mutating func grow() {
        let old = (traces, statements, counts)
        let capacity = (mask + 1) * 2
        traces = Array(repeating: 0, count: capacity)
        statements = Array(repeating: 0, count: capacity)
        counts = Array(repeating: 0, count: capacity)
        mask = capacity - 1
        count = 0
        for i in old.2.indices where old.2[i] != 0 { add(trace: old.0[i], statement: old.1[i], old.2[i]) }
    }

    /// Calls `body` with every pair and its count, in no particular order.
    func forEach(_ body: (_ trace: UInt64, _ statement: Int32, _ count: Int32) -> Void) {
        for i in counts.indices where counts[i] != 0 { body(traces[i], statements[i], counts[i]) }
    }
}
