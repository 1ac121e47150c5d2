import SiftRegex

/// A compiled `%regex%`: a Thompson NFA run as a Pike VM over the message bytes, so matching is
/// linear in the message length (no catastrophic backtracking) and allocates nothing on the heap.
///
/// The search is unanchored (the expression may match anywhere) unless it uses `^` / `$`.
struct RegexProgram: Sendable {
    /// One NFA instruction.
    enum Instruction: Sendable {
        /// Consume one byte in the set.
        case byte(ByteSet)
        /// Continue at both targets.
        case split(Int, Int)
        /// Continue at the target.
        case jump(Int)
        /// Continue only at the start of the message.
        case assertStart
        /// Continue only at the end of the message.
        case assertEnd
        /// The expression matched.
        case match
    }

    /// Largest program accepted (bounded repetition is expanded).
    static let maxInstructions = 20_000

    /// The instructions; execution starts at 0.
    let instructions: [Instruction]

    /// The bytes a match can begin with, when every match consumes at least one byte; the search
    /// skips positions whose byte is not among them while no thread is alive.
    let firstBytes: ByteSet?

    /// The literal bytes every match begins with (two or more, or `nil`); while no thread is
    /// alive the search jumps to their next occurrence.
    let literalPrefix: ByteSubstring?

    /// Compiles the regular expression in `cursor.bytes[cursor.position..<end]`.
    init(cursor: PatternCursor, end: Int) throws(FilterPatternError) {
        var parser = RegexParser(cursor: cursor, end: end)
        let node = try parser.parse()
        var out: [Instruction] = []
        Self.emit(node, into: &out)
        out.append(.match)
        guard out.count <= Self.maxInstructions else {
            throw cursor.error("regular expression too large (repetition expands past \(Self.maxInstructions) steps)")
        }
        instructions = out
        firstBytes = Self.firstBytes(of: out)
        literalPrefix = Self.literalPrefix(of: out)
    }

    /// The bytes of the leading run of single-byte instructions, if there are at least two.
    private static func literalPrefix(of program: [Instruction]) -> ByteSubstring? {
        var bytes: [UInt8] = []
        for instruction in program {
            guard case .byte(let set) = instruction, let only = set.onlyMember else { break }
            bytes.append(only)
        }
        return bytes.count >= 2 ? ByteSubstring(needle: bytes) : nil
    }

    /// The union of the byte sets reachable from instruction 0 without consuming input, or `nil`
    /// when `.match` is reachable that way (the expression can match the empty string).
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
            case .assertStart: break  // only at position 0, which is never skipped
            case .assertEnd: work.append(pc + 1)
            case .match: return nil
            }
        }
        return set
    }

    /// UTF-8 continuation bytes (10xxxxxx).
    private static let continuation: ByteSet = { var s = ByteSet(); s.insert(0x80...0xBF); return s }()

    private static func emit(_ node: RegexNode, into out: inout [Instruction]) {
        guard out.count <= maxInstructions else { return }
        switch node {
        case .empty: break
        case .byteSet(let set): out.append(.byte(set))
        case .anyCharacterExcept(let excluded):
            // One character: a lead (or ASCII) byte not excluded, then its continuation bytes.
            var lead = excluded
            lead.formUnion(continuation)
            out.append(.byte(lead.inverted))
            emit(.repetition(.byteSet(continuation), min: 0, max: nil), into: &out)
        case .sequence(let parts):
            for part in parts { emit(part, into: &out) }
        case .alternation(let branches):
            var jumpsToEnd: [Int] = []
            for (i, branch) in branches.enumerated() {
                if i < branches.count - 1 {
                    let split = out.count
                    out.append(.match)  // placeholder
                    emit(branch, into: &out)
                    jumpsToEnd.append(out.count)
                    out.append(.match)  // placeholder
                    out[split] = .split(split + 1, out.count)
                } else {
                    emit(branch, into: &out)
                }
            }
            for j in jumpsToEnd { out[j] = .jump(out.count) }
        case .repetition(let inner, let min, let max):
            for _ in 0..<min { emit(inner, into: &out) }
            if let max {
                // Each optional copy may be skipped; skipping one skips the rest.
                var skips: [Int] = []
                for _ in min..<max {
                    skips.append(out.count)
                    out.append(.match)  // placeholder
                    emit(inner, into: &out)
                }
                for s in skips { out[s] = .split(s + 1, out.count) }
            } else {
                let loop = out.count
                out.append(.match)  // placeholder
                emit(inner, into: &out)
                out.append(.jump(loop))
                out[loop] = .split(loop + 1, out.count)
            }
        case .start: out.append(.assertStart)
        case .end: out.append(.assertEnd)
        }
    }

    /// Whether the expression matches somewhere in `message`.
    func matches(_ message: UnsafeRawBufferPointer) -> Bool {
        let count = instructions.count
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: count * 4) { scratch in
            // Two thread lists, the generation each pc was last added in, and a work stack.
            let lists = (UnsafeMutableBufferPointer(rebasing: scratch[0..<count]),
                         UnsafeMutableBufferPointer(rebasing: scratch[count..<(2 * count)]))
            let seen = UnsafeMutableBufferPointer(rebasing: scratch[(2 * count)..<(3 * count)])
            let stack = UnsafeMutableBufferPointer(rebasing: scratch[(3 * count)..<(4 * count)])
            for i in 0..<count { seen[i] = -1 }
            return instructions.withUnsafeBufferPointer { program in
                var current = lists.0, next = lists.1
                var currentCount = 0, nextCount = 0
                var generation = 0

                /// Adds `pc` and everything reachable without consuming input at `position`
                /// to `list`; returns true when that reaches `.match`.
                func add(_ pc: Int, at position: Int, to list: UnsafeMutableBufferPointer<Int>, count listCount: inout Int) -> Bool {
                    var depth = 0
                    if seen[pc] == generation { return false }
                    seen[pc] = generation
                    stack[0] = pc
                    depth = 1
                    while depth > 0 {
                        depth -= 1
                        let at = stack[depth]
                        func push(_ target: Int) {
                            if seen[target] != generation {
                                seen[target] = generation
                                stack[depth] = target
                                depth += 1
                            }
                        }
                        switch program[at] {
                        case .byte:
                            list[listCount] = at
                            listCount += 1
                        case .split(let a, let b):
                            push(b)
                            push(a)
                        case .jump(let target): push(target)
                        case .assertStart: if position == 0 { push(at + 1) }
                        case .assertEnd: if position == message.count { push(at + 1) }
                        case .match: return true
                        }
                    }
                    return false
                }

                var position = 0
                while true {
                    if currentCount == 0, position > 0 || literalPrefix != nil {
                        generation += 1  // marks made at the old position do not hold at the new one
                        if let literalPrefix {
                            guard let end = literalPrefix.end(in: message, from: position) else { return false }
                            position = end - literalPrefix.needle.count
                        } else if let firstBytes {
                            while position < message.count, !firstBytes.contains(message[position]) { position += 1 }
                        }
                    }
                    // A new thread may start at every position (unanchored search).
                    if add(0, at: position, to: current, count: &currentCount) { return true }
                    if position == message.count { return false }
                    let byte = message[position]
                    generation += 1
                    nextCount = 0
                    for i in 0..<currentCount {
                        let pc = current[i]
                        if case .byte(let set) = program[pc], set.contains(byte) {
                            if add(pc + 1, at: position + 1, to: next, count: &nextCount) { return true }
                        }
                    }
                    swap(&current, &next)
                    currentCount = nextCount
                    position += 1
                }
            }
        }
    }
}
