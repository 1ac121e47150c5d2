/// The first `k` elements of a stream under a sort order, in O(k) memory: `--sort x --limit k`.
///
/// A bounded binary heap whose root is the worst element kept. Ties under `areInIncreasingOrder`
/// are broken by arrival order (the earlier element ranks first), so results are deterministic
/// even for a partial order. ``merge(_:)`` feeds the other heap's elements in their sorted order,
/// after this heap's own.
///
/// ```swift
/// var slowest = TopK<Double>(3, by: >)
/// for v in [5.0, 1.0, 9.0, 7.0, 3.0] { slowest.insert(v) }
/// slowest.sorted()   // [9.0, 7.0, 5.0]
/// ```
public struct TopK<Element> {
    /// How many elements are kept.
    public let capacity: Int
    private let areInIncreasingOrder: (Element, Element) -> Bool
    /// Max-heap by rank: the root is the element that would be dropped first.
    private var heap: [(element: Element, sequence: Int)] = []
    private var nextSequence = 0

    /// Creates an empty top-k.
    ///
    /// - Parameters:
    ///   - k: How many elements to keep (>= 0).
    ///   - areInIncreasingOrder: The output order; the first `k` under it are kept.
    public init(_ k: Int, by areInIncreasingOrder: @escaping (Element, Element) -> Bool) {
        precondition(k >= 0, "TopK capacity must be >= 0")
        capacity = k
        self.areInIncreasingOrder = areInIncreasingOrder
    }

    /// The number of elements kept.
    public var count: Int { heap.count }

    /// Offers one element.
    ///
    /// - Complexity: O(log k).
    public mutating func insert(_ element: Element) {
        let entry = (element: element, sequence: nextSequence)
        nextSequence += 1
        guard capacity > 0 else { return }
        if heap.count < capacity {
            heap.append(entry)
            siftUp(heap.count - 1)
        } else if ranksBefore(entry, heap[0]) {
            heap[0] = entry
            siftDown(0)
        }
    }

    /// Offers every element another top-k kept (in its output order).
    public mutating func merge(_ other: TopK<Element>) {
        for element in other.sorted() { insert(element) }
    }

    /// The kept elements in output order.
    ///
    /// - Complexity: O(k log k).
    public func sorted() -> [Element] {
        heap.sorted(by: ranksBefore).map(\.element)
    }

    private func ranksBefore(_ a: (element: Element, sequence: Int), _ b: (element: Element, sequence: Int)) -> Bool {
        if areInIncreasingOrder(a.element, b.element) { return true }
        if areInIncreasingOrder(b.element, a.element) { return false }
        return a.sequence < b.sequence
    }

    private mutating func siftUp(_ index: Int) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard ranksBefore(heap[parent], heap[child]) else { return }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    private mutating func siftDown(_ index: Int) {
        var parent = index
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var worst = parent
            if left < heap.count, ranksBefore(heap[worst], heap[left]) { worst = left }
            if right < heap.count, ranksBefore(heap[worst], heap[right]) { worst = right }
            if worst == parent { return }
            heap.swapAt(parent, worst)
            parent = worst
        }
    }
}
