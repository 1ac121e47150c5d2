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
public enum MetricStatsReport {
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

    /// A row's identity: period start and dimensions.
    public struct Key: Hashable, Sendable, Comparable {
        /// The period start, epoch milliseconds.
        public var periodStartMillis: Int64
        /// The dimensions in dimension-set order.
        public var dimensions: MetricDimensions
        /// Orders by dimensions, then time.
        public static func < (a: Key, b: Key) -> Bool { (a.dimensions, a.periodStartMillis) < (b.dimensions, b.periodStartMillis) }
    }

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

    /// Runs the report.
    public static func run(_ run: RunOptions, _ options: Options) -> (table: Table, groups: [Key: Group], run: InputRun<[Key: Group]>) {
        let result = InputRunner.run(run) { input, diagnostics in
            var decoder = EMFDecoder()
            let namespace = decoder.strings.intern(options.namespace)
            let metric = decoder.strings.intern(options.metric)
            let filters = options.dimensions.map { (decoder.strings.intern($0.name), decoder.strings.intern($0.value)) }
            var groups: [Key: Group] = [:]
            let periodMillis = max(1, options.periodSeconds) * 1000
            let records = EMFMessageSource.forEach(input, options: run, &diagnostics) { message, _ in
                guard decoder.decode(message.bytes, location: message.location) == .valid else { return }
                for point in decoder.datapoints where point.namespace == namespace && point.metric == metric {
                    let dims = decoder.dimensions[point.dimensions]
                    guard filters.allSatisfy({ f in dims.contains { $0.name == f.0 && $0.value == f.1 } }) else { continue }
                    let set = MetricDimensions(dims.map { .init(name: decoder.strings.string($0.name), value: decoder.strings.string($0.value)) })
                    let t = decoder.timestampMillis
                    let start = t - ((t % periodMillis) + periodMillis) % periodMillis
                    groups[Key(periodStartMillis: start, dimensions: set), default: Group()].add(point, decoder)
                }
            }
            return (groups, records)
        }
        var total: [Key: Group] = [:]
        for state in result.states {
            guard let state else { continue }
            for (key, group) in state {
                if total[key] == nil { total[key] = group } else { total[key]!.merge(group) }
            }
        }
        var columns: [Table.Column] = [.init("period_start", .string), .init("dimensions", .object)]
        for s in options.statistics { columns.append(.init(s, s == "SampleCount" ? .double(decimals: 0) : .double(decimals: 3))) }
        columns.append(.init("note", .string))
        var table = Table(columns: columns)
        var unavailable = 0
        for key in total.keys.sorted() {
            var group = total[key]!
            var row: [Table.Value] = [.string(Timestamp(millisecondsSinceEpoch: key.periodStartMillis).description), key.dimensions.tableValue]
            let percentilesUnavailable = group.hasStatisticSet || group.hasFractionalCounts
            for s in options.statistics {
                switch s {
                case "SampleCount": row.append(.double(group.count))
                case "Sum": row.append(.double(group.sum))
                case "Average": row.append(group.count > 0 ? .double(group.sum / group.count) : .null)
                case "Minimum": row.append(group.minimum.isFinite ? .double(group.minimum) : .null)
                case "Maximum": row.append(group.maximum.isFinite ? .double(group.maximum) : .null)
                default:
                    if percentilesUnavailable { row.append(.null); continue }
                    row.append(group.samples.percentile(percentile(of: s) ?? 0).map { .double($0) } ?? .null)
                }
            }
            if group.hasStatisticSet {
                row.append(.string("percentiles unavailable: statistic sets"))
                unavailable += 1
            } else if group.hasFractionalCounts {
                row.append(.string("percentiles unavailable: fractional histogram counts"))
                unavailable += 1
            } else {
                row.append(.null)
            }
            table.append(row)
        }
        var withNotes = result
        if unavailable > 0 { withNotes.statistics.notes.append("\(unavailable) rows have no percentiles (statistic sets carry no values)") }
        return (table, total, withNotes)
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
