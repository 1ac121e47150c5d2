import SiftTestSupport
import Testing
@testable import SiftQuery

@Suite struct GroupedAggregationTests {
    let measures = [
        Measure("count", .count), Measure("avg", .avg), Measure("p95", .pct(95)), Measure("min", .min),
        Measure("max", .max), .counter("count_5xx", input: 1), Measure("distinct", .countDistinct),
        Measure("stddev", .stddev), Measure("sum", .sum), Measure("n", .countValues),
    ]

    @Test("Groups compute every function and keep first-seen order")
    func basic() {
        var agg = GroupedAggregation<String>(measures: measures)
        agg.add("b", inputs: [10.0, 0])
        agg.add("a", inputs: [1.0, 1])
        agg.add("b", inputs: [30.0, 1])
        agg.add("b", inputs: [nil, 0])
        let rows = agg.rows()
        #expect(rows.map(\.key) == ["b", "a"])
        let b = rows[0].values
        #expect(b[0] == 3)      // count(*) counts the row without a value
        #expect(b[1] == 20)
        #expect(b[2] == 30)
        #expect(b[3] == 10)
        #expect(b[4] == 30)
        #expect(b[5] == 1)
        #expect(b[6] == 2)
        #expect(b[7] == 10)
        #expect(b[8] == 40)
        #expect(b[9] == 2)
    }

    @Test("Merging shards equals aggregating all rows at once")
    func mergeShards() {
        var rng = SplitMix(state: 5)
        var whole = GroupedAggregation<Int>(measures: measures)
        var shards = [GroupedAggregation<Int>](repeating: GroupedAggregation(measures: measures), count: 3)
        for i in 0..<600 {
            let key = Int.random(in: 0..<7, using: &rng)
            let inputs: [Double?] = [Double.random(in: 0..<50, using: &rng).rounded(), Double(i % 2)]
            whole.add(key, inputs: inputs)
            shards[i % 3].add(key, inputs: inputs)
        }
        var merged = shards[0]
        merged.merge(shards[1])
        merged.merge(shards[2])
        let expected = Dictionary(uniqueKeysWithValues: whole.rows().map { ($0.key, $0.values) })
        for row in merged.rows() {
            let want = expected[row.key]!
            for (g, w) in zip(row.values, want) {
                #expect(abs(g! - w!) <= 1e-9 * max(1, abs(w!)), "key \(row.key)")
            }
        }
        #expect(merged.groupCount == whole.groupCount)
    }

    @Test("Contiguous inputs aggregate exactly like any collection, short rows included")
    func contiguousInputs() {
        var rng = SplitMix(state: 11)
        var generic = GroupedAggregation<Int>(measures: measures)
        var contiguous = GroupedAggregation<Int>(measures: measures)
        for i in 0..<400 {
            let key = Int.random(in: 0..<5, using: &rng)
            // Every third row is one value short: the 5xx counter then reads a missing input (nil).
            var inputs: [Double?] = [i % 7 == 0 ? nil : Double.random(in: 0..<50, using: &rng).rounded(), Double(i % 2)]
            if i % 3 == 0 { inputs.removeLast() }
            generic.add(key, inputs: inputs[...])
            inputs.withUnsafeBufferPointer { contiguous.add(key, inputs: $0) }
        }
        let want = generic.rows()
        let got = contiguous.rows()
        #expect(got.map(\.key) == want.map(\.key))
        for (g, w) in zip(got, want) { #expect(g.values == w.values, "key \(g.key)") }
    }

    @Test("Functions with no values report nil; counts report zero")
    func emptyValues() {
        var agg = GroupedAggregation<String>(measures: measures)
        agg.add("x", inputs: [nil, nil])
        let v = agg.rows()[0].values
        #expect(v[0] == 1)
        #expect(v[1] == nil && v[2] == nil && v[3] == nil && v[7] == nil)
        #expect(v[5] == 0 && v[6] == 0 && v[9] == 0)
    }
}

@Suite struct TopKTests {
    @Test("TopK keeps the first k under the order, ties by arrival")
    func modelBased() {
        var rng = SplitMix(state: 3)
        for k in [0, 1, 2, 5, 50] {
            let items = (0..<200).map { i in (value: Int.random(in: 0..<20, using: &rng), id: i) }
            var top = TopK<(value: Int, id: Int)>(k, by: { $0.value > $1.value })
            for item in items { top.insert(item) }
            // Stable sort keeps arrival order among equal values.
            let expected = items.enumerated().sorted { a, b in
                a.element.value != b.element.value ? a.element.value > b.element.value : a.offset < b.offset
            }.prefix(k).map(\.element.id)
            #expect(top.sorted().map(\.id) == Array(expected), "k=\(k)")
        }
    }

    @Test("Merged TopK equals one over all elements")
    func merge() {
        var a = TopK<Int>(3, by: <)
        var b = TopK<Int>(3, by: <)
        for v in [9, 4, 7, 1] { a.insert(v) }
        for v in [3, 8, 2] { b.insert(v) }
        a.merge(b)
        #expect(a.sorted() == [1, 2, 3])
    }
}
