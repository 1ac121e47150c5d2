import SiftBytes
import SiftFormats
import SiftModel
import SiftQuery

/// One row of `sift metrics`: a metric stream (namespace, metric and dimension set) with the
/// totals of its samples and the time range of its datapoints.
///
/// It is also what the report aggregates per stream while reading (the times as epoch
/// milliseconds).
public struct MetricStreamStats: Sendable, Hashable {
    /// The namespace.
    public var namespace: String
    /// The metric name.
    public var metric: String
    /// The dimension set, in order.
    public var dimensions: MetricDimensions
    /// The unit of the last datapoint.
    public var unit: String
    /// Datapoints (one per record, directive and dimension set).
    public var datapoints: Int
    /// Samples (array elements, histogram counts, statistic-set counts).
    public var count: Double
    /// The sum of the samples.
    public var sum: Double
    /// The smallest sample.
    public var minimum: Double
    /// The largest sample.
    public var maximum: Double
    /// The earliest metric time, in epoch milliseconds.
    var firstMillis: Int64
    /// The latest metric time, in epoch milliseconds.
    var lastMillis: Int64

    /// The earliest metric time.
    public var first: Timestamp { Timestamp(millisecondsSinceEpoch: firstMillis) }
    /// The latest metric time.
    public var last: Timestamp { Timestamp(millisecondsSinceEpoch: lastMillis) }
}

/// `sift metrics`: one row per metric stream (namespace, metric, dimensions in dimension-set
/// order: `k=v,...` in tables and CSV, `""` for `[]`, an object in JSON) extracted from valid EMF
/// records, with unit, datapoints, count/sum/min/max of the values and the first and last metric
/// time; sorted by namespace, metric and dimensions.
///
/// Arrays contribute every element; ADOT histograms each value with its count; statistic sets
/// their Count, Sum, Min and Max. Invalid records (see ``EMFRule``) contribute nothing.
public struct MetricsInventoryReport: Report {
    /// A stream's identity.
    public struct Key: Hashable, Sendable, Comparable {
        /// The namespace.
        public var namespace: String
        /// The metric name.
        public var metric: String
        /// The dimension set.
        public var dimensions: MetricDimensions

        /// Creates a key.
        public init(namespace: String, metric: String, dimensions: MetricDimensions) {
            self.namespace = namespace
            self.metric = metric
            self.dimensions = dimensions
        }

        /// Orders by namespace, metric, dimensions.
        public static func < (a: Key, b: Key) -> Bool {
            if a.namespace != b.namespace { return a.namespace < b.namespace }
            if a.metric != b.metric { return a.metric < b.metric }
            return a.dimensions < b.dimensions
        }
    }

    /// Creates the report.
    public init() {}

    public func makePartial() -> Partial { Partial() }

    public func rows(from merged: inout Partial, _ diagnostics: inout Diagnostics, _ statistics: inout RunStatistics) -> [MetricStreamStats] {
        merged.streams.keys.sorted().map { merged.streams[$0]! }
    }

    public func table(_ rows: [MetricStreamStats], of merged: Partial) -> Table {
        var table = Table(columns: [
            .init("namespace", .string), .init("metric", .string), .init("dimensions", .object), .init("unit", .string),
            .init("datapoints", .integer), .init("count", .double(decimals: 0)), .init("sum", .double(decimals: 3)),
            .init("min", .double(decimals: 3)), .init("max", .double(decimals: 3)), .init("first", .string), .init("last", .string),
        ])
        for row in rows {
            table.append([
                .string(row.namespace), .string(row.metric), row.dimensions.tableValue, .string(row.unit),
                .integer(Int64(row.datapoints)), .double(row.count), .double(row.sum), .double(row.minimum), .double(row.maximum),
                .string(row.first.description), .string(row.last.description),
            ])
        }
        return table
    }

    /// Per-input state: streams aggregated under interned ids while reading, as string keys
    /// once the input is done.
    public struct Partial: ReportPartial {
        var aggregator = Aggregator()
        /// The merged streams (filled when an input ends, and by merging).
        public internal(set) var streams: [Key: MetricStreamStats] = [:]

        public var demand: RecordDemand { .emfMessages }

        public mutating func emfMessage(_ message: EMFMessage, _ diagnostics: inout Diagnostics) -> Bool {
            aggregator.add(message)
            return true
        }

        public mutating func finishInput(_ input: OpenedInput, records: Int, _ diagnostics: inout Diagnostics) {
            streams = aggregator.streams()
            aggregator = Aggregator()
        }

        public mutating func merge(_ other: Partial, _ diagnostics: inout Diagnostics) {
            streams.reserveCapacity(Swift.max(streams.count, other.streams.count))
            for (key, stream) in other.streams {
                if let index = streams.index(forKey: key) { streams.values[index].merge(stream) } else { streams[key] = stream }
            }
        }
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
        private var values: [MetricStreamStats] = []
        private var units: [Int32] = []
        /// Valid EMF records seen.
        private(set) var validRecords = 0
        /// Invalid EMF records seen.
        private(set) var invalidRecords = 0

        mutating func add(_ message: EMFMessage) {
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
                    values.append(.beforeFirstDatapoint)
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
        func streams() -> [Key: MetricStreamStats] {
            // Strings are made once per id: streams share namespaces, names, units and dimension sets.
            var text = [String?](repeating: nil, count: decoder.strings.count)
            func string(_ id: Int32) -> String {
                if let known = text[Int(id)] { return known }
                let made = decoder.strings.string(id)
                text[Int(id)] = made
                return made
            }
            var dimensionSets = [MetricDimensions?](repeating: nil, count: signatures.count)
            var out: [Key: MetricStreamStats] = [:]
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
                        return MetricDimensions(stride(from: 0, to: ids.count, by: 2).map { (string(ids[$0]), string(ids[$0 + 1])) })
                    }
                    dimensionSets[Int(key.dimensions)] = dims
                }
                stream.namespace = string(key.namespace)
                stream.metric = string(key.metric)
                stream.dimensions = dims
                out[Key(namespace: stream.namespace, metric: stream.metric, dimensions: dims)] = stream
            }
            return out
        }
    }
}

extension MetricStreamStats: MetricTotals {
    /// A stream's totals before its first datapoint; the key is filled in once the input is done.
    static let beforeFirstDatapoint = MetricStreamStats(
        namespace: "", metric: "", dimensions: MetricDimensions([] as [MetricDimensions.Dimension]), unit: "", datapoints: 0, count: 0, sum: 0,
        minimum: .infinity, maximum: -.infinity, firstMillis: .max, lastMillis: .min)

    /// Adds one datapoint.
    mutating func add(_ point: EMFDecoder.Datapoint, _ decoder: EMFDecoder, time: Int64) {
        datapoints += 1
        if time < firstMillis { firstMillis = time }
        if time > lastMillis { lastMillis = time }
        addTotals(point, decoder)
    }

    /// Adds the same stream's totals from another input.
    mutating func merge(_ other: MetricStreamStats) {
        unit = other.unit
        datapoints += other.datapoints
        mergeTotals(other)
        firstMillis = Swift.min(firstMillis, other.firstMillis)
        lastMillis = Swift.max(lastMillis, other.lastMillis)
    }
}
