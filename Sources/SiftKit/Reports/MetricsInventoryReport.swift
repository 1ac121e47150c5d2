import SiftBytes
import SiftFormats
import SiftModel
import SiftQuery

/// `sift metrics`: one row per metric stream (namespace, metric, dimensions in dimension-set
/// order: `k=v,...` in tables and CSV, `""` for `[]`, an object in JSON) extracted from valid EMF
/// records, with unit, datapoints, count/sum/min/max of the values and the first and last metric time.
///
/// Arrays contribute every element; ADOT histograms each value with its count; statistic sets
/// their Count, Sum, Min and Max. Invalid records (see ``EMFRule``) contribute nothing.
public enum MetricsInventoryReport {
    /// One metric stream's totals.
    public struct Stream: Sendable {
        /// The unit of the last datapoint.
        public var unit: String
        /// The number of datapoints (one per record, directive and dimension set).
        public var datapoints: Int
        /// The sample count (array elements, histogram counts, statistic-set counts).
        public var count: Double
        /// The sum of the samples.
        public var sum: Double
        /// The smallest sample.
        public var minimum: Double
        /// The largest sample.
        public var maximum: Double
        /// The earliest metric time, in epoch milliseconds.
        public var firstMillis: Int64
        /// The latest metric time, in epoch milliseconds.
        public var lastMillis: Int64

        mutating func merge(_ other: Stream) {
            unit = other.unit
            datapoints += other.datapoints
            mergeTotals(other)
            firstMillis = Swift.min(firstMillis, other.firstMillis)
            lastMillis = Swift.max(lastMillis, other.lastMillis)
        }
    }

    /// A stream's identity.
    public struct Key: Hashable, Sendable, Comparable {
        /// The namespace.
        public var namespace: String
        /// The metric name.
        public var metric: String
        /// The dimensions, in dimension-set order.
        public var dimensions: MetricDimensions

        /// Creates a key.
        public init(namespace: String, metric: String, dimensions: MetricDimensions) {
            self.namespace = namespace
            self.metric = metric
            self.dimensions = dimensions
        }

        /// Orders by namespace, metric, dimensions.
        public static func < (a: Key, b: Key) -> Bool {
            (a.namespace, a.metric, a.dimensions) < (b.namespace, b.metric, b.dimensions)
        }
    }

    /// Runs the report: the table (sorted by key) and the merged streams.
    public static func run(_ run: RunOptions) -> (table: Table, streams: [Key: Stream], run: InputRun<[Key: Stream]>) {
        let result = InputRunner.run(run) { input, diagnostics in
            var aggregator = Aggregator()
            let records = EMFMessageSource.forEach(input, options: run, &diagnostics) { message, _ in
                aggregator.add(message)
            }
            return (aggregator.streams(), records)
        }
        var total: [Key: Stream] = [:]
        for state in result.states {
            guard let state else { continue }
            total.reserveCapacity(Swift.max(total.count, state.count))
            for (key, stream) in state {
                if let index = total.index(forKey: key) { total.values[index].merge(stream) } else { total[key] = stream }
            }
        }
        var table = Table(columns: [
            .init("namespace", .string), .init("metric", .string), .init("dimensions", .object), .init("unit", .string),
            .init("datapoints", .integer), .init("count", .double(decimals: 0)), .init("sum", .double(decimals: 3)),
            .init("min", .double(decimals: 3)), .init("max", .double(decimals: 3)), .init("first", .string), .init("last", .string),
        ])
        for key in total.keys.sorted() {
            let s = total[key]!
            table.append([
                .string(key.namespace), .string(key.metric), key.dimensions.tableValue, .string(s.unit), .integer(Int64(s.datapoints)),
                .double(s.count), .double(s.sum), .double(s.minimum), .double(s.maximum),
                .string(Timestamp(millisecondsSinceEpoch: s.firstMillis).description),
                .string(Timestamp(millisecondsSinceEpoch: s.lastMillis).description),
            ])
        }
        return (table, total, result)
    }

    /// Per-input state: streams keyed by interned ids, so a datapoint allocates nothing.
    struct Aggregator {
        private struct IDKey {
            var namespace: Int32
            var metric: Int32
            var dimensions: Int32
        }

        private var decoder = EMFDecoder()
        private var signatures = ByteInterner()
        private var signature: [Int32] = []
        /// The last record's dimension range and its signature: a record's datapoints repeat each set.
        private var lastDimensions: Range<Int> = 0..<0
        private var lastSignature: Int32 = -1
        /// Stream slots: the interned bytes of an ``IDKey`` are its slot (ids are dense).
        private var slots = ByteInterner()
        private var keys: [IDKey] = []
        private var values: [Stream] = []
        private var units: [Int32] = []
        /// Valid EMF records seen.
        private(set) var validRecords = 0
        /// Invalid EMF records seen.
        private(set) var invalidRecords = 0

        mutating func add(_ message: EMFMessageSource.Message) {
            switch decoder.decode(message.bytes, location: message.location) {
            case .notEMF: return
            case .invalid: invalidRecords += 1; return
            case .valid: validRecords += 1
            }
            let time = decoder.timestampMillis
            lastSignature = -1
            for point in decoder.datapoints {
                let key = IDKey(namespace: point.namespace, metric: point.metric, dimensions: dimensionSignature(point))
                let slot = Int(withUnsafeBytes(of: key) { slots.intern($0) })
                if slot == values.count {
                    keys.append(key)
                    units.append(point.unit)
                    values.append(Stream(
                        unit: "", datapoints: 0, count: 0, sum: 0, minimum: .infinity, maximum: -.infinity,
                        firstMillis: .max, lastMillis: .min))
                }
                units[slot] = point.unit
                values[slot].add(point, decoder, time: time)
            }
        }

        /// The interned id of a datapoint's dimension ids.
        private mutating func dimensionSignature(_ point: EMFDecoder.Datapoint) -> Int32 {
            if lastSignature >= 0 && point.dimensions == lastDimensions { return lastSignature }
            signature.removeAll(keepingCapacity: true)
            for d in decoder.dimensions[point.dimensions] {
                signature.append(d.name)
                signature.append(d.value)
            }
            lastDimensions = point.dimensions
            lastSignature = signature.withUnsafeBytes { signatures.intern($0) }
            return lastSignature
        }

        /// The streams with their string keys.
        func streams() -> [Key: Stream] {
            // Strings are made once per id: streams share namespaces, names, units and dimension sets.
            var text = [String?](repeating: nil, count: decoder.strings.count)
            func string(_ id: Int32) -> String {
                if let known = text[Int(id)] { return known }
                let made = decoder.strings.string(id)
                text[Int(id)] = made
                return made
            }
            var dimensionSets = [MetricDimensions?](repeating: nil, count: signatures.count)
            var out: [Key: Stream] = [:]
            out.reserveCapacity(keys.count)
            for (slot, key) in keys.enumerated() {
                var stream = values[slot]
                stream.unit = string(units[slot])
                let dims: MetricDimensions
                if let known = dimensionSets[Int(key.dimensions)] {
                    dims = known
                } else {
                    dims = signatures.withBytes(key.dimensions) { raw in
                        let ids = raw.bindMemory(to: Int32.self)
                        return MetricDimensions(stride(from: 0, to: ids.count, by: 2).map {
                            MetricDimensions.Dimension(name: string(ids[$0]), value: string(ids[$0 + 1]))
                        })
                    }
                    dimensionSets[Int(key.dimensions)] = dims
                }
                out[Key(namespace: string(key.namespace), metric: string(key.metric), dimensions: dims)] = stream
            }
            return out
        }
    }
}

extension MetricsInventoryReport.Stream: MetricTotals {
    /// Adds one datapoint.
    mutating func add(_ point: EMFDecoder.Datapoint, _ decoder: EMFDecoder, time: Int64) {
        datapoints += 1
        if time < firstMillis { firstMillis = time }
        if time > lastMillis { lastMillis = time }
        addTotals(point, decoder)
    }
}
