/// A compiled pattern: a Thompson NFA as a list of instructions, and what the search can skip by.
///
/// Capture slot `2i` holds where group `i` starts and `2i + 1` where it ends; group 0 is the whole
/// match. Of a `split`'s two targets the first has priority, which is how greedy and lazy
/// quantifiers and alternation order reach the matcher.
struct Program: Sendable {
    /// One NFA instruction.
    enum Instruction: Sendable {
        /// Consume one byte in the set.
        case byte(ByteSet)
        /// Continue at both targets, the first with priority.
        case split(Int, Int)
        /// Continue at the target.
        case jump(Int)
        /// Record the position in a capture slot.
        case save(Int)
        /// Continue only where the assertion holds.
        case assert(Assertion)
        /// The pattern matched.
        case match
    }

    /// The instructions; execution starts at 0.
    let instructions: [Instruction]

    /// The number of capture slots (two per group, the whole match included).
    let slotCount: Int

    /// The bytes a match can begin with, when every match consumes at least one byte; the search
    /// skips positions whose byte is not among them while no thread is alive. Empty when every
    /// match is anchored at the start of the input.
    let firstBytes: ByteSet?

    /// The literal bytes every match begins with (two or more, or `nil`); while no thread is
    /// alive the search jumps to their next occurrence.
    let literalPrefix: ByteSubstring?

    /// A literal (two or more bytes) every match contains, when it is not the prefix: inputs
    /// without it are rejected before the search.
    let requiredLiteral: ByteSubstring?

    /// Compiles `root`.
    init(_ root: RegexNode, captureCount: Int) throws(ByteRegex.SyntaxError) {
        // save 0, the pattern, save 1, match.
        guard Self.size(of: root) + 3 <= ByteRegex.maxInstructions else {
            throw ByteRegex.SyntaxError(problem: .programTooLarge(limit: ByteRegex.maxInstructions), offset: 0, construct: 0)
        }
        var out: [Instruction] = [.save(0)]
        Self.emit(root, into: &out)
        out.append(.save(1))
        out.append(.match)
        instructions = out
        slotCount = 2 * (captureCount + 1)
        firstBytes = Self.firstBytes(of: out)
        let prefix = Self.literalPrefix(of: out)
        literalPrefix = prefix.count >= 2 ? ByteSubstring(needle: prefix) : nil
        let required = Self.requiredLiteral(in: root).longest
        requiredLiteral = required.count >= 2 && required.count > prefix.count ? ByteSubstring(needle: required) : nil
    }

    // MARK: Compiling

    /// The number of instructions `node` compiles to, at most a little over the limit.
    private static func size(of node: RegexNode) -> Int {
        let cap = ByteRegex.maxInstructions + 1
        switch node {
        case .empty: return 0
        case .byteSet, .assertion: return 1
        case .characterExcept: return 4
        case .sequence(let parts): return min(cap, parts.reduce(0) { min(cap, $0 + size(of: $1)) })
        case .alternation(let branches): return min(cap, branches.reduce(2 * (branches.count - 1)) { min(cap, $0 + size(of: $1)) })
        case .capture(let inner, _): return min(cap, size(of: inner) + 2)
        case .repetition(let inner, let low, let high, _):
            let one = size(of: inner)
            let copies = high ?? max(low, 1)
            let splits = high.map { $0 - low } ?? (low == 0 ? 2 : 1)
            return min(cap, one * copies + splits)
        }
    }

    /// Appends the instructions for `node` (which ``size(of:)`` has checked).
    private static func emit(_ node: RegexNode, into out: inout [Instruction]) {
        switch node {
        case .empty: break
        case .byteSet(let set): out.append(.byte(set))
        case .characterExcept(let excluded):
            // One character: a lead (or ASCII) byte not excluded, then its continuation bytes.
            var lead = excluded
            lead.formUnion(.continuation)
            out.append(.byte(lead.inverted))
            emit(.repetition(.byteSet(.continuation), min: 0, max: nil, lazy: false), into: &out)
        case .sequence(let parts):
            for part in parts { emit(part, into: &out) }
        case .alternation(let branches):
            var jumpsToEnd: [Int] = []
            for branch in branches.dropLast() {
                let split = out.count
                out.append(.match)  // placeholder
                emit(branch, into: &out)
                jumpsToEnd.append(out.count)
                out.append(.match)  // placeholder
                out[split] = .split(split + 1, out.count)
            }
            emit(branches[branches.count - 1], into: &out)
            for j in jumpsToEnd { out[j] = .jump(out.count) }
        case .capture(let inner, let index):
            out.append(.save(2 * index))
            emit(inner, into: &out)
            out.append(.save(2 * index + 1))
        case .repetition(let inner, let low, let high, let lazy):
            /// A split preferring `stay` (greedy) or `leave` (lazy).
            func split(stay: Int, leave: Int) -> Instruction { lazy ? .split(leave, stay) : .split(stay, leave) }
            if let high {
                for _ in 0..<low { emit(inner, into: &out) }
                // Each optional copy may be skipped; skipping one skips the rest.
                var skips: [Int] = []
                for _ in low..<high {
                    skips.append(out.count)
                    out.append(.match)  // placeholder
                    emit(inner, into: &out)
                }
                for s in skips { out[s] = split(stay: s + 1, leave: out.count) }
            } else if low == 0 {
                // loop: split(body, exit); body; jump loop
                let loop = out.count
                out.append(.match)  // placeholder
                emit(inner, into: &out)
                out.append(.jump(loop))
                out[loop] = split(stay: loop + 1, leave: out.count)
            } else {
                // low - 1 copies, then body; split(body, exit)
                for _ in 0..<(low - 1) { emit(inner, into: &out) }
                let body = out.count
                emit(inner, into: &out)
                out.append(split(stay: body, leave: out.count + 1))
            }
        case .assertion(let assertion): out.append(.assert(assertion))
        }
    }

    // MARK: What the search skips by

    /// The union of the byte sets reachable from instruction 0 without consuming input, or `nil`
    /// when `.match` is reachable that way (the pattern can match the empty string).
    private static func firstBytes(of program: [Instruction]) -> ByteSet? {
        var set = ByteSet()
        var seen = [Bool](repeating: false, count: program.count)
        var work = [0]
        while let pc = work.popLast() {
            guard !seen[pc] else { continue }
            seen[pc] = true
            switch program[pc] {
            case .byte(let bytes): set.formUnion(bytes)
            case .split(let a, let b): work.append(a); work.append(b)
            case .jump(let target): work.append(target)
            case .save: work.append(pc + 1)
            case .assert(.start): break  // only at position 0, which is never skipped
            case .assert: work.append(pc + 1)
            case .match: return nil
            }
        }
        return set
    }

    /// The bytes of the leading run of single-byte instructions (captures aside).
    private static func literalPrefix(of program: [Instruction]) -> [UInt8] {
        var bytes: [UInt8] = []
        for instruction in program {
            switch instruction {
            case .save: continue
            case .byte(let set):
                guard let only = set.onlyMember else { return bytes }
                bytes.append(only)
            default: return bytes
            }
        }
        return bytes
    }

    /// Literal runs of `node`: the longest run every match of it contains, and the runs every
    /// match begins and ends with (whole: the node is exactly that literal), so a sequence can
    /// join neighbours' runs.
    private struct Literals {
        var longest: [UInt8] = []
        var prefix: [UInt8] = []
        var suffix: [UInt8] = []
        var whole = false

        static let exact = Literals(whole: true)

        /// `self` then `next`.
        func followed(by next: Literals) -> Literals {
            var out = Literals()
            let joined = suffix + next.prefix
            out.longest = [longest, next.longest, joined].max { $0.count < $1.count }!
            out.prefix = whole ? prefix + next.prefix : prefix
            out.suffix = next.whole ? suffix + next.suffix : next.suffix
            out.whole = whole && next.whole
            if out.whole { out.longest = out.prefix }
            return out
        }
    }

    private static func requiredLiteral(in node: RegexNode) -> Literals {
        switch node {
        case .empty, .assertion: return .exact
        case .byteSet(let set):
            guard let only = set.onlyMember else { return Literals() }
            return Literals(longest: [only], prefix: [only], suffix: [only], whole: true)
        case .characterExcept, .alternation: return Literals()
        case .capture(let inner, _): return requiredLiteral(in: inner)
        case .sequence(let parts): return parts.reduce(Literals.exact) { $0.followed(by: requiredLiteral(in: $1)) }
        case .repetition(let inner, let low, let high, _):
            guard low > 0 else { return Literals() }
            let one = requiredLiteral(in: inner)
            if low == 1 && high == 1 { return one }
            var out = Literals()
            out.longest = one.longest
            out.prefix = one.prefix
            out.suffix = one.suffix
            return out
        }
    }
}
