/// One X-Ray segment or subsegment (or an OTel span mapped to the same shape).
///
/// Times are integer nanoseconds, so X-Ray's float seconds with up to 7 decimals survive exactly.
/// Optional groups (`http`, `sql`, `cause`, ...) are `nil` when the document has none.
public struct Span: Sendable, Equatable {
    /// Whether the document was a top-level segment or a subsegment.
    public enum Kind: String, Sendable, Equatable {
        /// A segment: the work one service did for a request.
        case segment
        /// A subsegment: a downstream call or a block of local work inside a segment.
        case subsegment
    }

    /// The X-Ray trace id, `1-XXXXXXXX-YYYYYYYYYYYYYYYYYYYYYYYY`.
    public var traceID: String
    /// The 16-hex span id.
    public var id: String
    /// The parent's id: nested parent, `parent_id`, or the upstream caller for a segment.
    public var parentID: String?
    /// Segment or subsegment.
    public var kind: Kind
    /// The logical name (service for segments, downstream for subsegments).
    public var name: String
    /// Start time.
    public var start: Timestamp
    /// End time; `nil` while in progress (the duration is then unknown, never 0).
    public var end: Timestamp?
    /// `true` for an in-progress document (no `end_time`).
    public var inProgress: Bool
    /// `origin` (segments), an open string such as `AWS::ECS::Container`.
    public var origin: String?
    /// `namespace` (subsegments): `aws`, `remote`, or something undocumented.
    public var namespace: String?
    /// The HTTP request and response, when recorded.
    public var http: HTTPInfo?
    /// The SQL query, when recorded.
    public var sql: SQLInfo?
    /// The `aws` object's string and number members (operation, table_name, region, ...), flattened with dots.
    public var aws: [String: String]
    /// `error` (4xx).
    public var error: Bool
    /// `fault` (5xx).
    public var fault: Bool
    /// `throttle` (429).
    public var throttle: Bool
    /// The recorded cause.
    public var cause: Cause?
    /// Annotations (string, number or boolean values).
    public var annotations: [String: AnnotationValue]
    /// The `metadata` object as raw JSON text, decoded only on demand.
    public var metadataJSON: String?
    /// `service.version` etc. of a segment.
    public var serviceVersion: String?
    /// `user` of a segment.
    public var user: String?
    /// Where the document was read.
    public var location: InputLocation?

    /// Creates a span with the required fields; everything else starts empty.
    public init(traceID: String, id: String, parentID: String? = nil, kind: Kind, name: String, start: Timestamp, end: Timestamp?) {
        self.traceID = traceID
        self.id = id
        self.parentID = parentID
        self.kind = kind
        self.name = name
        self.start = start
        self.end = end
        self.inProgress = end == nil
        self.aws = [:]
        self.error = false
        self.fault = false
        self.throttle = false
        self.annotations = [:]
    }

    /// `end - start` in nanoseconds, or `nil` while in progress.
    public var durationNanos: Int64? { end.map { $0.nanosecondsSinceEpoch - start.nanosecondsSinceEpoch } }
}

/// The `http` object of a segment or subsegment.
public struct HTTPInfo: Sendable, Equatable {
    /// `request.method`.
    public var method: String?
    /// `request.url`.
    public var url: String?
    /// `request.client_ip`.
    public var clientIP: String?
    /// `request.user_agent`.
    public var userAgent: String?
    /// `request.x_forwarded_for`.
    public var xForwardedFor: Bool?
    /// `request.traced` (subsegments).
    public var traced: Bool?
    /// `response.status`.
    public var status: Int?
    /// `response.content_length`; real data has `-1` and strings, kept as written.
    public var contentLength: String?

    /// Creates an empty HTTP record.
    public init() {}
}

/// The `sql` object of a subsegment.
public struct SQLInfo: Sendable, Equatable {
    /// `url` (connection URL, or the span name under the OTel exporter).
    public var url: String?
    /// `sanitized_query`: the statement text, with bind placeholders.
    public var sanitizedQuery: String?
    /// `database_type`.
    public var databaseType: String?
    /// `database_version`.
    public var databaseVersion: String?
    /// `driver_version`.
    public var driverVersion: String?
    /// `user`.
    public var user: String?
    /// `preparation` (`statement` or `call`).
    public var preparation: String?
    /// `connection_string`.
    public var connectionString: String?

    /// Creates an empty SQL record.
    public init() {}
}

/// The `cause` of an error, fault or throttle.
public enum Cause: Sendable, Equatable {
    /// An object with exceptions.
    case exceptions(workingDirectory: String?, exceptions: [ExceptionInfo])
    /// A 16-hex id of an exception recorded elsewhere in the trace.
    case exceptionID(String)
    /// Any other form (flagged by the decoder, kept as raw JSON).
    case unrecognized(String)
}

/// One exception of a `cause`.
public struct ExceptionInfo: Sendable, Equatable {
    /// The exception id.
    public var id: String?
    /// The exception type (class name).
    public var type: String?
    /// The message.
    public var message: String?
    /// `remote`: thrown by a downstream service.
    public var remote: Bool
    /// Creates an exception record.
    public init(id: String? = nil, type: String? = nil, message: String? = nil, remote: Bool = false) {
        self.id = id
        self.type = type
        self.message = message
        self.remote = remote
    }
}

/// An annotation value: X-Ray allows strings, numbers and booleans only.
public enum AnnotationValue: Sendable, Equatable, CustomStringConvertible {
    /// A string.
    case string(String)
    /// A number.
    case number(Double)
    /// A boolean.
    case bool(Bool)

    /// The value as text (numbers without a trailing `.0` when integral).
    public var description: String {
        switch self {
        case .string(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .number(let n):
            if n == n.rounded(), abs(n) < 1e15 { return String(Int64(n)) }
            return String(n)
        }
    }
}
