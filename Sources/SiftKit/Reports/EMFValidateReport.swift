import SiftBytes
import SiftFormats
import SiftModel
import SiftQuery

/// `sift emf validate`: every EMF record checked against the specification and CloudWatch's
/// limits (``EMFRule``), one row per violation with its location, rule and consequence.
///
/// The timestamp window (at most 14 days before and 2 hours after the reference time) is checked
/// against `now` when given, else against each log event's ingestion time (or its timestamp);
/// bare EMF records without `now` are not window-checked.
public struct EMFValidateReport: Report {
    /// Counts of one run.
    public struct Summary: Sendable {
        /// Messages read (log events or EMF records).
        public var messages = 0
        /// Messages that are EMF records.
        public var emfRecords = 0
        /// EMF records CloudWatch extracts metrics from.
        public var validRecords = 0
        /// EMF records CloudWatch extracts no metrics from.
        public var invalidRecords = 0
        /// Every violation, in input order.
        public var violations: [EMFViolation] = []
    }

    /// The earliest accepted metric time: 14 days before the reference.
    public static let windowBeforeMillis: Int64 = 14 * 24 * 3_600_000
    /// The latest accepted metric time: 2 hours after the reference.
    public static let windowAfterMillis: Int64 = 2 * 3_600_000

    /// The reference time for the window check instead of each event's (`--now`), epoch ms.
    public let nowMillis: Int64?

    /// Creates the report; `nowMillis` overrides each event's reference time.
    public init(nowMillis: Int64? = nil) { self.nowMillis = nowMillis }

    public func makePartial() -> Partial { Partial(nowMillis: nowMillis) }

    public func rows(from merged: inout Partial, _ diagnostics: inout Diagnostics, _ statistics: inout RunStatistics) -> [EMFViolation] {
        let total = merged.summary
        statistics.notes.append(
            "\(total.emfRecords) EMF records in \(total.messages) messages: \(total.validRecords) valid, \(total.invalidRecords) invalid, \(total.violations.count) violations")
        return total.violations
    }

    public func table(_ rows: [EMFViolation], of merged: Partial) -> Table {
        var table = Table(columns: [
            .init("location", .string), .init("path", .string), .init("rule", .string), .init("consequence", .string),
            .init("detail", .string),
        ])
        for v in rows {
            table.append([.string(v.location.description), .string(v.path), .string(v.rule.rawValue), .string(v.consequence.rawValue), .string(v.detail)])
        }
        return table
    }

    /// Per-input state: the counts and violations of the input's EMF records.
    public struct Partial: ReportPartial {
        /// The counts so far.
        public private(set) var summary = Summary()
        private var decoder = EMFDecoder()
        let nowMillis: Int64?

        init(nowMillis: Int64?) { self.nowMillis = nowMillis }

        public var demand: RecordDemand { .emfMessages }

        public mutating func emfMessage(_ message: EMFMessage, _ diagnostics: inout Diagnostics) -> Bool {
            summary.messages += 1
            let outcome = decoder.decode(message.bytes, location: message.location)
            if outcome == .notEMF {
                if message.isBareRecord {
                    summary.emfRecords += 1
                    summary.invalidRecords += 1
                    summary.violations.append(EMFViolation(
                        .notEMF, path: "$", detail: "no _aws.CloudWatchMetrics and no v0 root CloudWatchMetrics",
                        location: message.location))
                }
                return true
            }
            summary.emfRecords += 1
            var violations = decoder.violations
            if let reference = nowMillis ?? message.referenceMillis, let window = EMFValidateReport.windowViolation(
                decoder, reference: reference, location: message.location) {
                violations.append(window)
            }
            if outcome == .invalid || violations.contains(where: { $0.consequence == .recordDropped }) {
                summary.invalidRecords += 1
            } else {
                summary.validRecords += 1
            }
            summary.violations.append(contentsOf: violations)
            return true
        }

        public mutating func merge(_ other: Partial, _ diagnostics: inout Diagnostics) {
            summary.messages += other.summary.messages
            summary.emfRecords += other.summary.emfRecords
            summary.validRecords += other.summary.validRecords
            summary.invalidRecords += other.summary.invalidRecords
            summary.violations.append(contentsOf: other.summary.violations)
        }
    }

    /// The window violation of a decoded record's timestamp, if any.
    static func windowViolation(_ decoder: EMFDecoder, reference: Int64, location: InputLocation) -> EMFViolation? {
        let t = decoder.timestampMillis
        let unread: Set<EMFRule> = [.timestamp, .invalidJSON, .metadataShape]
        guard decoder.violations.allSatisfy({ !unread.contains($0.rule) }) else { return nil }
        let path = decoder.layout == .aws ? "_aws.Timestamp" : "Timestamp"
        if t < reference - windowBeforeMillis {
            return EMFViolation(.timestampWindow, path: path, detail: "\(Timestamp(millisecondsSinceEpoch: t)) is more than 14 days before \(Timestamp(millisecondsSinceEpoch: reference))", location: location)
        }
        if t > reference + windowAfterMillis {
            return EMFViolation(.timestampWindow, path: path, detail: "\(Timestamp(millisecondsSinceEpoch: t)) is more than 2 hours after \(Timestamp(millisecondsSinceEpoch: reference))", location: location)
        }
        return nil
    }
}
