import SiftBytes
import SiftFormats
import SiftModel
import SiftQuery

/// `sift metrics stats`: CloudWatch statistics of one metric per period and dimension combination.
///
/// SampleCount, Sum, Average, Minimum and Maximum follow CloudWatch over numbers, arrays (each
/// element a sample), ADOT histograms (each value weighted by its count) and statistic sets.
/// Percentiles (`pNN`) are exact nearest-rank over the samples; a row fed by a statistic set has no
/// percentiles and says so in its `note` column.
public struct MetricStatsReport: Report {
    /// What to compute.
    public struct Options: Sendable {
        /// The namespace.
        public var namespace: String
        /// The metric name.
        public var metric: String
        /// `K=V` filters: a datapoint qualifies when it has every one of them.
        public var dimensions: [(name: String, value: String)] = []
        /// The period in seconds.
        public var periodSeconds: Int64 = 60
        /// Statistics in output order: SampleCount, Sum, Average, Minimum, Maximum, pNN.
        public var statistics: [String] = ["SampleCount", "Sum", "Average", "Minimum", "Maximum"]
        /// Creates options.
        public init(namespace: String, metric: String) {
            self.namespace = namespace
            self.metric = metric
        }
    }

    /// One group's running state.
    public struct Group: Sendable {
        /// The samples for percentiles.
        public var samples = PercentileAccumulator()
        /// Sample count (including statistic sets).
        public var count: Double = 0
        /// Sum (including statistic sets).
        public var sum: Double = 0
        /// Minimum.
        public var minimum = Double.infinity
        /// Maximum.
        public var maximum = -Double.infinity
        /// `true` when a statistic set contributed (percentiles unavailable).
        public var hasStatisticSet = false
        /// `true` when a histogram count was not a whole number (percentiles unavailable).
        public var hasFractionalCounts = false

        /// Creates an empty group.
        public init() {}

        /// Adds another shard's group.
        public mutating func merge(_ other: Group) {
            samples.merge(other.samples)
            mergeTotals(other)
            hasStatisticSet = hasStatisticSet || other.hasStatisticSet
            hasFractionalCounts = hasFractionalCounts || other.hasFractionalCounts
        }
    }

    /// A row's identity: period start and dimension set.
    public struct Key: Hashable, Sendable, Comparable {
        /// The period start, epoch milliseconds.
        public var periodStartMillis: Int64
        /// The dimensions in dimension-set order.
        public var dimensions: MetricDimensions
        /// Orders by dimensions, then time.
        public static func < (a: Key, b: Key) -> Bool {
            if a.dimensions != b.dimensions { return a.dimensions < b.dimensions }
            return a.periodStartMillis < b.periodStartMillis
        }
    }

    /// One row: a period and dimension set with the statistics asked for, in order.
    public struct Row: Sendable, Hashable {
        /// The period start.
        public var periodStart: Timestamp
        /// The dimension set.
        public var dimensions: MetricDimensions
        /// Each statistic of ``Options/statistics`` by name (`SampleCount`, `p99`...), `nil` where
        /// it has no value (no samples, or percentiles of statistic sets).
        public var statistics: [String: Double?]
        /// Why percentiles are missing, if they are.
        public var note: String?
    }

    /// The options.
    public let options: Options

    /// Creates the report.
    public init(_ options: Options) { self.options = options }

    /// The equivalent query over metric rows (`sift query --source metrics`), for `--explain`.
    ///
    /// It gives the report's rows and statistics, except that its percentiles ignore histogram
    /// `Counts` weights (the report repeats each value by its count) and are not withheld for
    /// rows fed by statistic sets; it has no `note` column.
    public static func explanation(_ options: Options) -> String {
        func quoted(_ s: String) -> String {
            var out = "\""
            for c in s {
                if c == "\\" || c == "\"" { out.append("\\") }
                out.append(c)
            }
            return out + "\""
        }
        var filter = "filter namespace = \(quoted(options.namespace)) and metric = \(quoted(options.metric))"
        for (name, value) in options.dimensions { filter += " and `\(name)` = \(quoted(value))" }
        let aggregates = options.statistics.map { statistic -> String in
            switch statistic {
            case "SampleCount": return "sum(count) as SampleCount"
            case "Sum": return "sum(coalesce(stat.sum, value * count)) as Sum"
            case "Average": return "sum(coalesce(stat.sum, value * count)) / sum(count) as Average"
            case "Minimum": return "min(coalesce(stat.min, value)) as Minimum"
            case "Maximum": return "max(coalesce(stat.max, value)) as Maximum"
            default: return "pct(value, \(statistic.dropFirst())) as \(statistic)"
            }
        }
        return filter + "\n| stats " + aggregates.joined(separator: ", ")
            + "\n  by datefloor(@timestamp, \(options.periodSeconds)s) as period_start, dimensions\n| sort dimensions, period_start"
    }

    /// Parses a statistic name; `nil` when unknown.
    public static func percentile(of statistic: String) -> Double? {
        guard statistic.first == "p", let p = Double(statistic.dropFirst()), p >= 0, p <= 100 else { return nil }
        return p
    }

    /// `true` for the statistics this report computes.
    public static func isKnown(_ statistic: String) -> Bool {
        ["SampleCount", "Sum", "Average", "Minimum", "Maximum"].contains(statistic) || percentile(of: statistic) != nil
    }

    public func makePartial() -> Partial { Partial(options) }

    public func rows(from merged: inout Partial, _ diagnostics: inout Diagnostics, _ statistics: inout RunStatistics) -> [Row] {
        var rows: [Row] = []
        var unavailable = 0
        for key in merged.groups.keys.sorted() {
            var group = merged.groups[key]!
            var values: [String: Double?] = [:]
            let percentilesUnavailable = group.hasStatisticSet || group.hasFractionalCounts
            for s in options.statistics {
                switch s {
                case "SampleCount": values[s] = group.count
                case "Sum": values[s] = group.sum
                case "Average": values[s] = group.count > 0 ? group.sum / group.count : nil
                case "Minimum": values[s] = group.minimum.isFinite ? group.minimum : nil
                case "Maximum": values[s] = group.maximum.isFinite ? group.maximum : nil
                default: values[s] = percentilesUnavailable ? nil : group.samples.percentile(Self.percentile(of: s) ?? 0)
                }
            }
            var note: String?
            if group.hasStatisticSet {
                note = "percentiles unavailable: statistic sets"
            } else if group.hasFractionalCounts {
                note = "percentiles unavailable: fractional histogram counts"
            }
            if note != nil { unavailable += 1 }
            rows.append(Row(periodStart: Timestamp(millisecondsSinceEpoch: key.periodStartMillis), dimensions: key.dimensions, statistics: values, note: note))
        }
        if unavailable > 0 { statistics.notes.append("\(unavailable) rows have no percentiles (statistic sets carry no values)") }
        return rows
    }

    public func table(_ rows: [Row], of merged: Partial) -> Table {
        var columns: [Table.Column] = [.init("period_start", .string), .init("dimensions", .object)]
        for s in options.statistics { columns.append(.init(s, s == "SampleCount" ? .double(decimals: 0) : .double(decimals: 3))) }
        columns.append(.init("note", .string))
        var table = Table(columns: columns)
        for row in rows {
            var values: [Table.Value] = [.string(row.periodStart.description), row.dimensions.tableValue]
            for s in options.statistics { values.append((row.statistics[s] ?? nil).map { .double($0) } ?? .null) }
            values.append(row.note.map { .string($0) } ?? .null)
            table.append(values)
        }
        return table
    }

    /// Per-input state: the groups of the one metric asked for.
    public struct Partial: ReportPartial {
        private var decoder: EMFDecoder
        private let namespace: Int32
        private let metric: Int32
        private let filters: [(Int32, Int32)]
        private let periodMillis: Int64
        /// The groups by period and dimensions.
        public internal(set) var groups: [Key: Group] = [:]

        init(_ options: Options) {
            var decoder = EMFDecoder()
            namespace = decoder.strings.intern(options.namespace)
            metric = decoder.strings.intern(options.metric)
            filters = options.dimensions.map { (decoder.strings.intern($0.name), decoder.strings.intern($0.value)) }
            self.decoder = decoder
            periodMillis = max(1, options.periodSeconds) * 1000
        }

        public var demand: RecordDemand { .emfMessages }

        public mutating func emfMessage(_ message: EMFMessage, _ diagnostics: inout Diagnostics) -> Bool {
            guard decoder.decode(message.bytes, location: message.location) == .valid else { return true }
            for point in decoder.datapoints where point.namespace == namespace && point.metric == metric {
                let dims = decoder.dimensions[point.dimensions]
                guard filters.allSatisfy({ f in dims.contains { $0.name == f.0 && $0.value == f.1 } }) else { continue }
                let set = MetricDimensions(dims.map { (decoder.strings.string($0.name), decoder.strings.string($0.value)) })
                let t = decoder.timestampMillis
                let start = t - ((t % periodMillis) + periodMillis) % periodMillis
                groups[Key(periodStartMillis: start, dimensions: set), default: Group()].add(point, decoder)
            }
            return true
        }

        public mutating func merge(_ other: Partial, _ diagnostics: inout Diagnostics) {
            for (key, group) in other.groups {
                if groups[key] == nil { groups[key] = group } else { groups[key]!.merge(group) }
            }
        }
    }
}

extension MetricStatsReport.Group: MetricTotals {
    /// Adds one datapoint: values weighted by their counts (each repeated `count` times in the
    /// percentile samples), or a statistic set.
    mutating func add(_ point: EMFDecoder.Datapoint, _ decoder: EMFDecoder) {
        if addTotals(point, decoder) {
            hasStatisticSet = true
            return
        }
        for i in point.values {
            let v = decoder.values[i], c = decoder.counts[i]
            if c == c.rounded(), c >= 0, c <= 1_000_000 {
                for _ in 0..<Int(c) { samples.add(v) }
            } else {
                hasFractionalCounts = true
            }
        }
    }
}
