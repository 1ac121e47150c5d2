/// Runs a ``Program`` over an input: every thread advances one byte per step, so time is linear in
/// the input and nothing recurses.
///
/// A thread is an instruction that consumes a byte, plus (when captures are wanted) its capture
/// slots. The list of threads is kept in priority order: following a `split` adds its first
/// target's threads before its second's, threads stepped from earlier list entries come first,
/// and the thread that starts a new match attempt comes last. An instruction already on the list
/// for this position is not added again: the thread that reached it first has priority, so the
/// later one could only produce a lower-priority match. When a thread reaches `match`, the
/// threads after it are dropped and the ones before it keep running, because their matches (if
/// any) take precedence; this gives leftmost-first results, as a backtracking engine would.
///
/// All working memory (two thread lists, their slots, a mark per instruction, the explicit stack
/// for following epsilon transitions) is taken once per call and reused for every byte.
enum PikeVM {
    /// Whether `program` matches in `input`; with `captures` (``Program/slotCount`` slots),
    /// the leftmost-first match's slots are written there (`-1` for a group that took no part).
    static func run(_ program: Program, on input: UnsafeRawBufferPointer, captures: UnsafeMutableBufferPointer<Int>?) -> Bool {
        if let required = program.requiredLiteral, !required.occurs(in: input) { return false }
        let n = program.instructions.count
        let slots = captures == nil ? 0 : program.slotCount
        let stackCapacity = 2 * (2 * n + 2)
        let total = 3 * n + stackCapacity + 2 * n * slots + slots
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: total) { scratch in
            var offset = 0
            func take(_ count: Int) -> UnsafeMutableBufferPointer<Int> {
                defer { offset += count }
                return UnsafeMutableBufferPointer(rebasing: scratch[offset..<(offset + count)])
            }
            let current = ThreadList(pcs: take(n), slots: take(n * slots))
            let next = ThreadList(pcs: take(n), slots: take(n * slots))
            var search = Search(input: input, slotCount: slots, seen: take(n), stack: take(stackCapacity), caps: take(slots), best: captures)
            return program.instructions.withUnsafeBufferPointer { instructions in
                search.run(instructions, program, current, next)
            }
        }
    }

    /// Threads in priority order: thread `i` waits at instruction `pcs[i]` with slots
    /// `slots[i * slotCount ..< (i + 1) * slotCount]`.
    struct ThreadList {
        let pcs: UnsafeMutableBufferPointer<Int>
        let slots: UnsafeMutableBufferPointer<Int>
        var count = 0
    }

    /// The state of one search.
    struct Search {
        let input: UnsafeRawBufferPointer
        let slotCount: Int
        /// The generation in which each instruction was last reached; a new generation per position.
        let seen: UnsafeMutableBufferPointer<Int>
        /// Pairs: an instruction to follow (`pc`, -1) or a slot to restore (`-1 - slot`, value).
        let stack: UnsafeMutableBufferPointer<Int>
        /// The slots along the path being followed.
        let caps: UnsafeMutableBufferPointer<Int>
        /// The slots of the best match so far, when captures are wanted.
        let best: UnsafeMutableBufferPointer<Int>?
        var generation = 0

        init(input: UnsafeRawBufferPointer, slotCount: Int, seen: UnsafeMutableBufferPointer<Int>,
             stack: UnsafeMutableBufferPointer<Int>, caps: UnsafeMutableBufferPointer<Int>,
             best: UnsafeMutableBufferPointer<Int>?) {
            self.input = input
            self.slotCount = slotCount
            self.seen = seen
            self.stack = stack
            self.caps = caps
            self.best = best
            seen.initialize(repeating: -1)
        }

        @inline(__always)
        private func isWord(_ position: Int) -> Bool {
            position >= 0 && position < input.count && ByteSet.word.contains(input[position])
        }

        @inline(__always)
        private func holds(_ assertion: Assertion, at position: Int) -> Bool {
            switch assertion {
            case .start: return position == 0
            case .end: return position == input.count
            case .wordBoundary: return isWord(position - 1) != isWord(position)
            case .notWordBoundary: return isWord(position - 1) == isWord(position)
            }
        }

        /// Follows `pc` and everything reachable from it without consuming input at `position`,
        /// in priority order, with `caps` as the slots so far; consuming instructions join
        /// `list`. Returns true on reaching `match` (`caps` then holds the match's slots), which
        /// ends the walk: what it had not reached yet has lower priority.
        private func add(_ pc: Int, at position: Int, to list: inout ThreadList,
                                  _ instructions: UnsafeBufferPointer<Program.Instruction>) -> Bool {
            var depth = 1
            stack[0] = pc
            stack[1] = -1
            while depth > 0 {
                depth -= 1
                let at = stack[2 * depth]
                if at < 0 {
                    caps[-1 - at] = stack[2 * depth + 1]
                    continue
                }
                if seen[at] == generation { continue }
                seen[at] = generation
                switch instructions[at] {
                case .byte:
                    list.pcs[list.count] = at
                    if slotCount > 0 {
                        let base = list.count * slotCount
                        for k in 0..<slotCount { list.slots[base + k] = caps[k] }
                    }
                    list.count += 1
                case .split(let a, let b):
                    stack[2 * depth] = b; stack[2 * depth + 1] = -1
                    stack[2 * depth + 2] = a; stack[2 * depth + 3] = -1
                    depth += 2
                case .jump(let target):
                    stack[2 * depth] = target; stack[2 * depth + 1] = -1
                    depth += 1
                case .save(let slot):
                    if slot < slotCount {
                        stack[2 * depth] = -1 - slot; stack[2 * depth + 1] = caps[slot]
                        depth += 1
                        caps[slot] = position
                    }
                    stack[2 * depth] = at + 1; stack[2 * depth + 1] = -1
                    depth += 1
                case .assert(let assertion):
                    if holds(assertion, at: position) {
                        stack[2 * depth] = at + 1; stack[2 * depth + 1] = -1
                        depth += 1
                    }
                case .match:
                    return true
                }
            }
            return false
        }

        /// The search: true when a match was found (its slots are in `best`).
        mutating func run(_ instructions: UnsafeBufferPointer<Program.Instruction>, _ program: Program,
                          _ first: ThreadList, _ second: ThreadList) -> Bool {
            var current = first, next = second
            let wantsCaptures = best != nil
            var matched = false
            var position = 0
            while true {
                if current.count == 0 {
                    if matched { return true }
                    // No thread alive: skip to where a match can start.
                    if position > 0 || program.literalPrefix != nil {
                        if let prefix = program.literalPrefix {
                            guard let end = prefix.end(in: input, from: position) else { return false }
                            position = end - prefix.needle.count
                        } else if let firstBytes = program.firstBytes {
                            if firstBytes.isEmpty { return false }  // anchored at the start
                            while position < input.count, !firstBytes.contains(input[position]) { position += 1 }
                        }
                    }
                    generation += 1  // marks made at the old position do not hold here
                }
                if !matched {
                    // A new attempt starts here, after (below) every thread already alive.
                    for k in 0..<slotCount { caps[k] = -1 }
                    if add(0, at: position, to: &current, instructions) {
                        guard wantsCaptures else { return true }
                        matched = true
                        record()
                    }
                }
                if position == input.count { return matched }
                if current.count == 0 {  // every path ended here (an assertion failed, or a match)
                    position += 1
                    continue
                }
                let byte = input[position]
                generation += 1
                next.count = 0
                for i in 0..<current.count {
                    let pc = current.pcs[i]
                    guard case .byte(let set) = instructions[pc], set.contains(byte) else { continue }
                    if slotCount > 0 {
                        let base = i * slotCount
                        for k in 0..<slotCount { caps[k] = current.slots[base + k] }
                    }
                    if add(pc + 1, at: position + 1, to: &next, instructions) {
                        guard wantsCaptures else { return true }
                        matched = true
                        record()
                        break  // the threads after this one have lower priority
                    }
                }
                swap(&current, &next)
                position += 1
            }
        }

        /// Keeps the slots of the match just reached.
        private func record() {
            guard let best else { return }
            for k in 0..<slotCount { best[k] = caps[k] }
        }
    }
}
