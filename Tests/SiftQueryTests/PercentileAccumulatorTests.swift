import SiftTestSupport
import Testing
@testable import SiftQuery

/// The reference: sort, then v[ceil(p/100*n)] with the rank from exact rational arithmetic.
func naiveNearestRank(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    let n = sorted.count
    // p has at most one decimal here, so p*10 is an exact integer.
    let tenths = Int((p * 10).rounded())
    var rank = (tenths * n + 999) / 1000
    rank = min(max(rank, 1), n)
    return sorted[rank - 1]
}

@Suite struct PercentileAccumulatorTests {
    static let ps: [Double] = [50, 90, 95, 99, 99.9, 100]

    @Test("Exact percentiles equal a naive sorted nearest-rank on random data")
    func modelBased() {
        var rng = SplitMix(state: 42)
        for n in [1, 2, 3, 7, 10, 19, 20, 21, 99, 100, 101, 999, 1000, 1001, 4321] {
            var acc = PercentileAccumulator()
            var values: [Double] = []
            for _ in 0..<n {
                let v = Double(Int.random(in: 0..<5000, using: &rng)) / 7
                values.append(v)
                acc.add(v)
            }
            for p in Self.ps {
                #expect(acc.percentile(p) == naiveNearestRank(values, p), "n=\(n) p=\(p)")
            }
            #expect(acc.count == n)
            #expect(acc.min == values.min())
            #expect(acc.max == values.max())
            #expect(!acc.isApproximate)
        }
    }

    @Test("Nearest rank uses exact integer arithmetic", arguments: [
        (50.0, 10, 5), (95.0, 20, 19), (95.0, 19, 19), (99.9, 1000, 999), (99.9, 1001, 1000),
        (100.0, 7, 7), (0.0, 7, 1), (50.0, 1, 1), (90.0, 10, 9), (99.0, 100, 99), (99.99, 10_000, 9_999),
    ] as [(Double, Int, Int)])
    func nearestRank(p: Double, n: Int, rank: Int) {
        #expect(PercentileAccumulator.nearestRank(percentile: p, count: n) == rank)
    }

    @Test("Empty accumulator has no percentile or mean")
    func empty() {
        var acc = PercentileAccumulator()
        #expect(acc.percentile(50) == nil)
        #expect(acc.mean == nil)
        #expect(acc.count == 0)
    }

    @Test("Merge is associative and equals recording everything in one accumulator")
    func mergeAssociative() {
        var rng = SplitMix(state: 7)
        let parts = (0..<3).map { _ in (0..<Int.random(in: 1...300, using: &rng)).map { _ in Double.random(in: 0..<100, using: &rng) } }
        func acc(_ vs: [Double]) -> PercentileAccumulator {
            var a = PercentileAccumulator()
            for v in vs { a.add(v) }
            return a
        }
        var left = acc(parts[0]); left.merge(acc(parts[1])); left.merge(acc(parts[2]))
        var bc = acc(parts[1]); bc.merge(acc(parts[2]))
        var right = acc(parts[0]); right.merge(bc)
        var all = acc(parts.flatMap { $0 })
        for p in Self.ps {
            let expected = all.percentile(p)
            #expect(left.percentile(p) == expected)
            #expect(right.percentile(p) == expected)
        }
        #expect(left.count == all.count)
        #expect(abs(left.sum - all.sum) < 1e-9)
    }

    @Test("Past the exact limit the histogram answers within 3 significant digits")
    func switchesToHistogram() throws {
        var rng = SplitMix(state: 99)
        var acc = PercentileAccumulator(exactLimit: 500)
        var values: [Double] = []
        for _ in 0..<5000 {
            let v = Double.random(in: 0.5..<2000, using: &rng)  // ms
            values.append(v)
            acc.add(v)
        }
        #expect(acc.isApproximate)
        #expect(acc.count == 5000)
        #expect(acc.max == values.max())
        for p in Self.ps {
            let exact = naiveNearestRank(values, p)
            let percentile = acc.percentile(p)
            let got = try #require(percentile)
            // 3 significant digits: relative error <= 1e-3, plus one microsecond of rounding.
            #expect(abs(got - exact) <= exact * 1e-3 + 0.001, "p=\(p) got \(got) exact \(exact)")
        }
    }

    @Test("Merging past the limit goes approximate; exact plus exact below it stays exact")
    func mergeModes() {
        var a = PercentileAccumulator(exactLimit: 10)
        var b = PercentileAccumulator(exactLimit: 10)
        for i in 0..<5 { a.add(Double(i)); b.add(Double(i + 5)) }
        var small = a
        small.merge(b)
        #expect(!small.isApproximate)
        #expect(small.percentile(100) == 9)
        b.add(10)
        a.merge(b)
        #expect(a.isApproximate)
        #expect(a.count == 11)
        #expect(a.percentile(100) == 10)
    }
}
