import SiftModel

/// The kinds of records a ``RecordSink`` reads; ``InputDecoder`` decodes nothing else.
public struct RecordDemand: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// X-Ray segment documents, parsed into nodes (``XRayDocument/nodes``) under the one policy
    /// every span report shares: invalid JSON and documents without `id`, `trace_id`,
    /// `start_time` or `end_time`/`in_progress` are skipped, counted and located.
    public static let xrayDocuments = RecordDemand(rawValue: 1 << 0)
    /// X-Ray segment documents as framed text, not parsed (`cat`, `detect`).
    public static let xrayDocumentText = RecordDemand(rawValue: 1 << 1)
    /// CloudWatch log events from every export shape.
    public static let logEvents = RecordDemand(rawValue: 1 << 2)
    /// Messages that may hold EMF records: `emf` records and every log event's message.
    public static let emfMessages = RecordDemand(rawValue: 1 << 3)
    /// `get-trace-summaries` summaries.
    public static let traceSummaries = RecordDemand(rawValue: 1 << 4)
    /// The framed records of inputs that hold none of the kinds above (any JSON, text lines).
    public static let otherRecords = RecordDemand(rawValue: 1 << 5)
}

/// How X-Ray documents are parsed for a sink: the decoder parses only what the sink reads.
public struct XRayParsing: Sendable, Hashable {
    /// Whether nested subsegments become nodes (else they are skipped, checked for structure only).
    public var includeSubsegments: Bool
    /// Whether nested subsegments keep only the fields SQL statistics read
    /// (``XRayDocumentParser/readsOnlySQLFieldsOfSubsegments``).
    public var readsOnlySQLFieldsOfSubsegments: Bool

    /// Every node, every field.
    public static let full = XRayParsing(includeSubsegments: true, readsOnlySQLFieldsOfSubsegments: false)
    /// The segment only: nested subsegments are skipped.
    public static let segmentsOnly = XRayParsing(includeSubsegments: false, readsOnlySQLFieldsOfSubsegments: false)
    /// Every node, subsegments with the SQL fields only.
    public static let sqlFields = XRayParsing(includeSubsegments: true, readsOnlySQLFieldsOfSubsegments: true)

    /// Creates a parsing choice.
    public init(includeSubsegments: Bool, readsOnlySQLFieldsOfSubsegments: Bool) {
        self.includeSubsegments = includeSubsegments
        self.readsOnlySQLFieldsOfSubsegments = readsOnlySQLFieldsOfSubsegments
    }
}

/// One X-Ray segment document lent to a sink.
public struct XRayDocument {
    /// The document's JSON text (an unescaped `Document` string for `batch-get-traces`), valid
    /// during the sink call only.
    public var bytes: UnsafeRawBufferPointer
    /// Where the document starts.
    public var location: InputLocation
    /// The parsed nodes, the segment first, then nested subsegments in document order (each with
    /// its parent's index); empty when the sink asked for ``RecordDemand/xrayDocumentText``.
    /// Their byte views point into ``bytes`` and live as long.
    public var nodes: [XRayNode]
}

/// One framed record of an input that holds none of the typed kinds a sink asked for.
public struct OtherRecord {
    /// The record's bytes (a line or one JSON value), valid during the sink call only.
    public var bytes: UnsafeRawBufferPointer
    /// Where it starts.
    public var location: InputLocation
    /// The input's format (`json`, `emf`, `unknown`...).
    public var format: InputFormat
}

/// Receives the typed records of one input from ``InputDecoder``, in input order.
///
/// Modelled on ripgrep's `Sink` (crates/searcher/src/sink.rs): the decoder reads, the sink
/// consumes, and a sink returning `false` stops the input (`limit` reached, output closed). A
/// sink says what it wants in ``demand``, so the decoder never decodes a kind nobody reads; the
/// methods for kinds it does not demand are never called (their defaults just go on).
///
/// Every view lends bytes that are valid only during the call.
///
/// ```swift
/// struct CountingSink: RecordSink {
///     var segments = 0
///     var demand: RecordDemand { .xrayDocuments }
///     var xrayParsing: XRayParsing { .segmentsOnly }
///     mutating func xrayDocument(_ document: XRayDocument, _ diagnostics: inout Diagnostics) -> Bool {
///         segments += 1
///         return true
///     }
/// }
/// ```
public protocol RecordSink {
    /// The record kinds this sink reads.
    var demand: RecordDemand { get }
    /// How X-Ray documents are parsed (default: ``XRayParsing/full``).
    var xrayParsing: XRayParsing { get }
    /// One parsed (or framed) X-Ray document; `false` stops this input.
    mutating func xrayDocument(_ document: XRayDocument, _ diagnostics: inout Diagnostics) -> Bool
    /// One log event; `false` stops this input.
    mutating func logEvent(_ event: LogEventView, _ diagnostics: inout Diagnostics) -> Bool
    /// One message that may hold an EMF record; `false` stops this input.
    mutating func emfMessage(_ message: EMFMessage, _ diagnostics: inout Diagnostics) -> Bool
    /// The summaries of one `get-trace-summaries` response; `false` stops this input.
    mutating func traceSummaries(_ summaries: [TraceSummary], _ diagnostics: inout Diagnostics) -> Bool
    /// One framed record of an input without typed records; `false` stops this input.
    mutating func otherRecord(_ record: OtherRecord, _ diagnostics: inout Diagnostics) -> Bool
}

extension RecordSink {
    public var xrayParsing: XRayParsing { .full }
    public mutating func xrayDocument(_ document: XRayDocument, _ diagnostics: inout Diagnostics) -> Bool { true }
    public mutating func logEvent(_ event: LogEventView, _ diagnostics: inout Diagnostics) -> Bool { true }
    public mutating func emfMessage(_ message: EMFMessage, _ diagnostics: inout Diagnostics) -> Bool { true }
    public mutating func traceSummaries(_ summaries: [TraceSummary], _ diagnostics: inout Diagnostics) -> Bool { true }
    public mutating func otherRecord(_ record: OtherRecord, _ diagnostics: inout Diagnostics) -> Bool { true }
}
