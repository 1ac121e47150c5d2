import SiftJSON

/// A borrowed view of one X-Ray segment or subsegment, as found by ``XRayDocumentParser``.
///
/// Every byte field is a slice of the document being parsed (or of the parser's arena for
/// strings that had escapes); it lives until the parser parses the next document. Missing
/// string fields are empty slices. Convert to an owned `Span` with `XRaySpanDecoder` when a
/// value must outlive the document; reports read the slices directly and allocate nothing.
public struct XRayNode {
    /// The document root's index in ``XRayDocumentParser/nodes`` has no parent: `-1`.
    public static let noParent = -1

    /// Index of the enclosing node in the same document, or ``noParent`` for the document root.
    public var parentIndex: Int = XRayNode.noParent
    /// Nesting depth inside the document (root = 0).
    public var depth: Int = 0
    /// `id`.
    public var id = XRayNode.empty
    /// `name`.
    public var name = XRayNode.empty
    /// `trace_id`; for embedded subsegments that omit it, the root's.
    public var traceID = XRayNode.empty
    /// `parent_id` as written (empty for embedded subsegments, which take the enclosing node's id).
    public var parentID = XRayNode.empty
    /// `type` (`subsegment` for independently sent subsegments).
    public var type = XRayNode.empty
    /// `namespace`.
    public var namespace = XRayNode.empty
    /// `origin`.
    public var origin = XRayNode.empty
    /// `start_time` in seconds, as the nearest double to the text.
    public var startTime: Double?
    /// `end_time` in seconds, as the nearest double to the text.
    public var endTime: Double?
    /// The exact text of `start_time`, for lossless nanoseconds.
    public var startTimeText = XRayNode.empty
    /// The exact text of `end_time`, for lossless nanoseconds.
    public var endTimeText = XRayNode.empty
    /// The exact duration in nanoseconds when the source gives integer nanoseconds (OpenTelemetry
    /// spans: `endTimeUnixNano - startTimeUnixNano`); `nil` for X-Ray documents, whose duration
    /// is computed from the seconds as written.
    public var durationNanoseconds: Int64?
    /// `in_progress`.
    public var inProgress = false
    /// `error`.
    public var error = false
    /// `fault`.
    public var fault = false
    /// `throttle`.
    public var throttle = false
    /// `http.request.method`.
    public var httpMethod = XRayNode.empty
    /// `http.request.url`.
    public var httpURL = XRayNode.empty
    /// `http.request.client_ip`.
    public var httpClientIP = XRayNode.empty
    /// `http.request.user_agent`.
    public var httpUserAgent = XRayNode.empty
    /// `http.request.x_forwarded_for`.
    public var httpXForwardedFor: Bool?
    /// `http.request.traced`.
    public var httpTraced: Bool?
    /// `http.response.status`.
    public var httpStatus: Int?
    /// `http.response.content_length`, raw JSON (a number or a string in real data).
    public var httpContentLength = XRayNode.empty
    /// Whether the node has an `http` object.
    public var hasHTTP = false
    /// Whether the node has a `sql` object.
    public var hasSQL = false
    /// `sql.sanitized_query`.
    public var sqlQuery = XRayNode.empty
    /// `sql.url`.
    public var sqlURL = XRayNode.empty
    /// `sql.database_type`.
    public var sqlDatabaseType = XRayNode.empty
    /// `sql.database_version`.
    public var sqlDatabaseVersion = XRayNode.empty
    /// `sql.driver_version`.
    public var sqlDriverVersion = XRayNode.empty
    /// `sql.user`.
    public var sqlUser = XRayNode.empty
    /// `sql.preparation`.
    public var sqlPreparation = XRayNode.empty
    /// `sql.connection_string`.
    public var sqlConnectionString = XRayNode.empty
    /// The route annotation: `annotations.route`, `http_route` or `http.route`, first found.
    public var routeAnnotation = XRayNode.empty
    /// Raw JSON of `annotations`.
    public var annotationsJSON = XRayNode.empty
    /// Raw JSON of `metadata`.
    public var metadataJSON = XRayNode.empty
    /// Raw JSON of `aws`.
    public var awsJSON = XRayNode.empty
    /// Raw JSON of `cause`.
    public var causeJSON = XRayNode.empty
    /// Raw JSON of `service`.
    public var serviceJSON = XRayNode.empty
    /// `user`.
    public var user = XRayNode.empty
    /// An OpenTelemetry span's `kind` as a name (`SERVER`, `CLIENT`, `INTERNAL`, `PRODUCER`,
    /// `CONSUMER`, `UNSPECIFIED`); empty for X-Ray documents.
    public var spanKind = XRayNode.empty
    /// An OpenTelemetry span's `status.code` as a name (`UNSET`, `OK`, `ERROR`); empty for X-Ray documents.
    public var spanStatus = XRayNode.empty
    /// An OpenTelemetry span's instrumentation scope name; empty when unknown.
    public var scopeName = XRayNode.empty
    /// An OpenTelemetry span's resource attributes as a plain JSON object; empty when not read.
    public var resourceJSON = XRayNode.empty

    /// Creates an empty node.
    public init() {}

    /// An empty slice, for absent fields.
    public static var empty: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: nil, count: 0) }

    /// `(end - start) * 1000` in milliseconds, computed in doubles from the seconds as written
    /// (the definition the ground truth uses), or `nil` while in progress. With
    /// ``durationNanoseconds`` set: those nanoseconds divided by 10^6 (one rounding).
    @inlinable
    public var durationMilliseconds: Double? {
        guard !inProgress else { return nil }
        if let durationNanoseconds { return Double(durationNanoseconds) / 1e6 }
        guard let startTime, let endTime else { return nil }
        return (endTime - startTime) * 1000
    }

    /// Whether this node is a top-level segment (not a subsegment, embedded or sent alone).
    @inlinable
    public var isSegment: Bool { parentIndex == XRayNode.noParent && !type.equals("subsegment") }
}

extension UnsafeRawBufferPointer {
    /// The bytes as a `String` (invalid UTF-8 repaired), or `nil` when empty.
    public var nonEmptyString: String? { isEmpty ? nil : String(decoding: self, as: UTF8.self) }
}
