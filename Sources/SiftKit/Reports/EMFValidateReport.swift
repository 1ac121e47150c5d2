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
public enum EMFValidateReport {
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

    /// Runs the validation; `nowMillis` overrides each event's reference time.
    public static func run(_ run: RunOptions, nowMillis: Int64?) -> (table: Table, summary: Summary, run: InputRun<Summary>) {
        let result = InputRunner.run(run) { input, diagnostics in
            var summary = Summary()
            var decoder = EMFDecoder()
            let records = EMFMessageSource.forEach(input, options: run, &diagnostics) { message, _ in
                summary.messages += 1
                let outcome = decoder.decode(message.bytes, location: message.location)
                if outcome == .notEMF {
                    if input.format == .emfJSON {
                        summary.emfRecords += 1
                        summary.invalidRecords += 1
                        summary.violations.append(EMFViolation(
                            .notEMF, path: "$", detail: "no _aws.CloudWatchMetrics and no v0 root CloudWatchMetrics",
                            location: message.location))
                    }
                    return
                }
                summary.emfRecords += 1
                var violations = decoder.violations
                if let reference = nowMillis ?? message.referenceMillis, let window = windowViolation(
                    decoder, reference: reference, location: message.location) {
                    violations.append(window)
                }
                if outcome == .invalid || violations.contains(where: { $0.consequence == .recordDropped }) {
                    summary.invalidRecords += 1
                } else {
                    summary.validRecords += 1
                }
                summary.violations.append(contentsOf: violations)
            }
            return (summary, records)
        }
        var total = Summary()
        for state in result.states {
            guard let state else { continue }
            total.messages += state.messages
            total.emfRecords += state.emfRecords
            total.validRecords += state.validRecords
            total.invalidRecords += state.invalidRecords
            total.violations.append(contentsOf: state.violations)
        }
        var table = Table(columns: [
            .init("location", .string), .init("path", .string), .init("rule", .string), .init("consequence", .string),
            .init("detail", .string),
        ])
        for v in total.violations {
            table.append([.string(v.location.description), .string(v.path), .string(v.rule.rawValue), .string(v.consequence.rawValue), .string(v.detail)])
        }
        var withNotes = result
        withNotes.statistics.notes.append(
            "\(total.emfRecords) EMF records in \(total.messages) messages: \(total.validRecords) valid, \(total.invalidRecords) invalid, \(total.violations.count) violations")
        return (table, total, withNotes)
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
