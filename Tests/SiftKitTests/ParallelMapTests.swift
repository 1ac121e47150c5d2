import SiftKit
import Synchronization
import Testing

@Suite struct ParallelMapTests {
    @Test("results come back in job order for any number of workers", arguments: [1, 2, 3, 8])
    func order(workers: Int) {
        let results = ParallelMap.run(1000, workers: workers) { i -> Int in
            // Uneven work so jobs finish out of order.
            var x = i
            for _ in 0..<(i % 7) * 1000 { x = (x &* 31) &+ 7 }
            return i * 2 + (x == .min ? 1 : 0)
        }
        #expect(results == (0..<1000).map { $0 * 2 })
    }

    @Test("every job runs exactly once")
    func eachOnce() {
        let counts = Mutex([Int](repeating: 0, count: 500))
        _ = ParallelMap.run(500, workers: 4) { i in counts.withLock { $0[i] += 1 } }
        #expect(counts.withLock { $0 } == [Int](repeating: 1, count: 500))
    }

    @Test("no jobs, and more workers than jobs")
    func edges() {
        #expect(ParallelMap.run(0, workers: 4) { $0 }.isEmpty)
        #expect(ParallelMap.run(3, workers: 64) { $0 + 1 } == [1, 2, 3])
        #expect(ParallelMap.defaultWorkers >= 1)
    }
}
