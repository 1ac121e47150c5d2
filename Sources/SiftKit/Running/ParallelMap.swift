import Dispatch
import Synchronization

/// Runs independent jobs on all cores and returns their results in job order.
///
/// sift's unit of parallelism is one input per worker: each job decodes one input into its own
/// state, and the caller merges the states in input order, so output never depends on timing.
/// Jobs are handed out dynamically (an atomic counter), so one large input does not hold up the
/// small ones queued behind it.
public enum ParallelMap {
    /// The number of worker threads to use by default: the number of active processors.
    public static var defaultWorkers: Int { max(1, sysconfActiveProcessors()) }

    /// Runs `job(i)` for every `i` in `0..<count` on up to `workers` threads.
    ///
    /// - Parameters:
    ///   - count: the number of jobs.
    ///   - workers: the number of threads; 1 runs the jobs on the calling thread, in order.
    ///   - job: the work for one index; it must not touch shared mutable state.
    /// - Returns: the results, indexed like the jobs.
    public static func run<Result: Sendable>(
        _ count: Int, workers: Int = ParallelMap.defaultWorkers, _ job: @Sendable (Int) -> Result
    ) -> [Result] {
        if count == 0 { return [] }
        let threads = max(1, min(workers, count))
        if threads == 1 { return (0..<count).map(job) }
        let slots = UnsafeMutableBufferPointer<Result?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
        defer { slots.deallocate() }
        let next = Atomic<Int>(0)
        let box = SlotBox(slots)
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            while true {
                let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                if i >= count { return }
                box.slots[i] = job(i)  // each index is written by exactly one thread
            }
        }
        return slots.map { $0! }
    }
}

/// Lets worker threads write disjoint slots of one buffer.
private struct SlotBox<Result>: @unchecked Sendable {
    let slots: UnsafeMutableBufferPointer<Result?>
    init(_ slots: UnsafeMutableBufferPointer<Result?>) { self.slots = slots }
}

#if canImport(Glibc)
import Glibc
private func sysconfActiveProcessors() -> Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
#else
import Darwin
private func sysconfActiveProcessors() -> Int { Int(sysconf(_SC_NPROCESSORS_ONLN)) }
#endif
