import SiftFormats
import SiftModel
import SiftQuery

/// Every X-Ray segment and subsegment as a ``Span``, in input order (``SiftInputs/spans()``).
struct SpanCollector: Report {
    func makePartial() -> Partial { Partial() }
    func rows(from merged: inout Partial, _ diagnostics: inout Diagnostics, _ statistics: inout RunStatistics) -> [Span] {
        merged.spans
    }
    func table(_ rows: [Span], of merged: Partial) -> Table { Table(columns: []) }

    struct Partial: ReportPartial {
        var spans: [Span] = []
        private var decoder = XRaySpanDecoder()
        private var unrecognized = 0

        var demand: RecordDemand { .xrayDocuments }

        mutating func xrayDocument(_ document: XRayDocument, _ diagnostics: inout Diagnostics) -> Bool {
            spans += decoder.spans(of: document.nodes, location: document.location, unrecognizedCauses: &unrecognized)
            return true
        }

        mutating func finishInput(_ input: OpenedInput, records: Int, _ diagnostics: inout Diagnostics) {
            diagnostics.note("cause in an unrecognized form (kept raw)", count: unrecognized)
            unrecognized = 0
        }

        mutating func merge(_ other: Partial, _ diagnostics: inout Diagnostics) { spans += other.spans }
    }
}

/// Every EMF metric sample CloudWatch would extract, in input order (``SiftInputs/metricSamples()``).
struct MetricSampleCollector: Report {
    func makePartial() -> Partial { Partial() }
    func rows(from merged: inout Partial, _ diagnostics: inout Diagnostics, _ statistics: inout RunStatistics) -> [MetricSample] {
        merged.samples
    }
    func table(_ rows: [MetricSample], of merged: Partial) -> Table { Table(columns: []) }

    struct Partial: ReportPartial {
        var samples: [MetricSample] = []
        private var decoder = EMFDecoder()
        private var invalid = 0

        var demand: RecordDemand { .emfMessages }

        mutating func emfMessage(_ message: EMFMessage, _ diagnostics: inout Diagnostics) -> Bool {
            switch decoder.decode(message.bytes, location: message.location) {
            case .valid: samples += decoder.samples(location: message.location)
            case .invalid: invalid += 1
            case .notEMF: break
            }
            return true
        }

        mutating func finishInput(_ input: OpenedInput, records: Int, _ diagnostics: inout Diagnostics) {
            diagnostics.note("EMF records CloudWatch would drop (see sift emf validate)", count: invalid)
            invalid = 0
        }

        mutating func merge(_ other: Partial, _ diagnostics: inout Diagnostics) { samples += other.samples }
    }
}
