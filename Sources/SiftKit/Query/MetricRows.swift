import SiftFormats
import SiftModel
import SiftQuery

/// Fills metric rows from EMF records (bare `emf` inputs or log event messages): one row per value.
///
/// Fields: `@timestamp`, `namespace`, `metric`, `unit`, `storage_resolution`, `value`, `count`
/// (the EMF `Counts` weight, 1 for plain values), each dimension under its own name,
/// `dimensions` (the dimension set as `Name=value,Name=value` in directive order), and for a
/// statistic set (no individual values) `value` absent with `stat.max`, `stat.min`, `stat.sum`,
/// `stat.count`. Records that break the EMF rules give no rows (see `sift emf validate`).
struct MetricRowBuilder {
    private let wanted: [(slot: Int, name: String)]
    private var decoder = EMFDecoder()

    init(plan: QueryPlan) {
        wanted = plan.sourceFields.sorted().map { (slot: plan.slots.slot($0), name: $0) }
    }

    /// Pushes the rows of one message (none when it is not a valid EMF record).
    mutating func push(_ message: EMFMessage, row: inout [QueryValue], into execution: inout QueryExecution) {
        guard decoder.decode(message.bytes, location: message.location) == .valid else { return }
        for sample in decoder.samples(location: message.location) {
            switch sample.values {
            case .samples(let values, let counts):
                for (value, count) in zip(values, counts) {
                    Self.fill(&row, wanted, sample, value: .number(value), count: count, stat: nil)
                    execution.push(row)
                }
            case .statisticSet(let maximum, let minimum, let sampleCount, let sum):
                Self.fill(&row, wanted, sample, value: .null, count: sampleCount, stat: (maximum, minimum, sum, sampleCount))
                execution.push(row)
            }
        }
    }

    private static func fill(
        _ row: inout [QueryValue], _ wanted: [(slot: Int, name: String)], _ sample: MetricSample, value: QueryValue, count: Double,
        stat: (max: Double, min: Double, sum: Double, count: Double)?
    ) {
        for (slot, name) in wanted {
            switch name {
            case "@timestamp": row[slot] = .timestamp(sample.timestamp.millisecondsSinceEpoch)
            case "namespace": row[slot] = .string(sample.namespace)
            case "metric": row[slot] = .string(sample.metric)
            case "unit": row[slot] = .string(sample.unit)
            case "storage_resolution": row[slot] = .number(Double(sample.storageResolution))
            case "value": row[slot] = value
            case "count": row[slot] = .number(count)
            case "dimensions": row[slot] = .string(sample.dimensions.map { $0.name + "=" + $0.value }.joined(separator: ","))
            case "stat.max": row[slot] = stat.map { .number($0.max) } ?? .null
            case "stat.min": row[slot] = stat.map { .number($0.min) } ?? .null
            case "stat.sum": row[slot] = stat.map { .number($0.sum) } ?? .null
            case "stat.count": row[slot] = stat.map { .number($0.count) } ?? .null
            default: row[slot] = sample.dimensions.first { $0.name == name }.map { .string($0.value) } ?? .null
            }
        }
    }
}
