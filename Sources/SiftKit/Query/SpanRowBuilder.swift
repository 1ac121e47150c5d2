import SiftBytes
import SiftFormats
import SiftJSON
import SiftQuery

/// Fills query rows from X-Ray documents, one row per segment and subsegment, reading only
/// the fields a query mentions.
///
/// Fields: `trace_id`, `id`, `parent_id`, `name`, `service` (the document's segment name),
/// `kind` (`segment`/`subsegment`), `origin`, `namespace`, `@timestamp` and `start`, `end`,
/// `duration` (ms), `in_progress`, `http.method`, `http.url`, `http.status`, `http.client_ip`,
/// `http.user_agent`, `route` (request segments, resolved as the reports do), `sql.query`,
/// `sql.fingerprint`, `sql.database`, `sql.database_type`, `sql.url`, `error`, `fault`,
/// `throttle`, `exception.type` and `exception.message` (the first exception of the cause),
/// and `annotation.*`, `metadata.*`, `aws.*` flattened with dots. OpenTelemetry spans also have
/// `span_kind` (`SERVER`, `CLIENT`, …), `status` (`UNSET`, `OK`, `ERROR`), `scope.name`,
/// `attributes.*` (the span's attributes, `metadata.default.*`) and `resource.*`. `self` and
/// `depth` come from assembled traces (``AssembledSpanRows``).
struct SpanRowBuilder {
    enum Field {
        case traceID, id, parentID, name, service, kind, origin, namespace, start, end, duration, inProgress
        case httpMethod, httpURL, httpStatus, httpClientIP, httpUserAgent, route
        case sqlQuery, sqlFingerprint, sqlDatabase, sqlDatabaseType, sqlURL
        case error, fault, throttle, exceptionType, exceptionMessage
        case annotation(String), metadata(String), aws(String)
        case spanKind, spanStatus, scopeName, attribute(String), resource(String)
        case unknown

        init(_ name: String) {
            switch name {
            case "trace_id": self = .traceID
            case "id": self = .id
            case "parent_id": self = .parentID
            case "name": self = .name
            case "service": self = .service
            case "kind": self = .kind
            case "origin": self = .origin
            case "namespace": self = .namespace
            case "@timestamp", "start": self = .start
            case "end": self = .end
            case "duration": self = .duration
            case "in_progress": self = .inProgress
            case "http.method": self = .httpMethod
            case "http.url": self = .httpURL
            case "http.status": self = .httpStatus
            case "http.client_ip": self = .httpClientIP
            case "http.user_agent": self = .httpUserAgent
            case "route": self = .route
            case "sql.query": self = .sqlQuery
            case "sql.fingerprint": self = .sqlFingerprint
            case "sql.database": self = .sqlDatabase
            case "sql.database_type": self = .sqlDatabaseType
            case "sql.url": self = .sqlURL
            case "error": self = .error
            case "fault": self = .fault
            case "throttle": self = .throttle
            case "exception.type": self = .exceptionType
            case "exception.message": self = .exceptionMessage
            case "span_kind": self = .spanKind
            case "status": self = .spanStatus
            case "scope.name": self = .scopeName
            default:
                if name.hasPrefix("annotation.") { self = .annotation(String(name.dropFirst(11))) }
                else if name.hasPrefix("metadata.") { self = .metadata(String(name.dropFirst(9))) }
                else if name.hasPrefix("aws.") { self = .aws(String(name.dropFirst(4))) }
                else if name.hasPrefix("attributes.") { self = .attribute("default." + name.dropFirst(11)) }
                else if name.hasPrefix("resource.") { self = .resource(String(name.dropFirst(9))) }
                else { self = .unknown }
            }
        }
    }

    private let fields: [(slot: Int, field: Field)]
    private var interner = ByteInterner()
    private var internedValues: [Int32: QueryValue] = [:]
    private var routes: RouteResolver
    private var fingerprints: [Int32: QueryValue] = [:]
    /// `service` of the current document, resolved at its first node.
    private var documentService: QueryValue = .null

    init(plan: QueryPlan, templater: RouteTemplater) {
        fields = plan.sourceFields.sorted().map { (plan.slots.slot($0), Field($0)) }
        routes = RouteResolver(templater: templater)
    }

    /// Fills `row` for node `index` of a parsed document (nodes are read in place: they are large).
    mutating func fill(_ row: inout [QueryValue], nodes: UnsafeBufferPointer<XRayNode>, index: Int) {
        let node = nodes.baseAddress! + index
        if index == 0 { documentService = nodes[0].isSegment ? interned(nodes[0].name) : .null }
        for (slot, field) in fields { row[slot] = value(field, node, nodes) }
    }

    private mutating func interned(_ bytes: UnsafeRawBufferPointer) -> QueryValue {
        guard !bytes.isEmpty else { return .null }
        let id = interner.intern(bytes)
        if let known = internedValues[id] { return known }
        let value = QueryValue.string(interner.string(id))
        internedValues[id] = value
        return value
    }

    private static func text(_ bytes: UnsafeRawBufferPointer) -> QueryValue {
        bytes.isEmpty ? .null : .string(String(decoding: bytes, as: UTF8.self))
    }

    private mutating func value(_ field: Field, _ pointer: UnsafePointer<XRayNode>, _ nodes: UnsafeBufferPointer<XRayNode>) -> QueryValue {
        switch field {
        case .traceID: return Self.text(pointer.pointee.traceID)
        case .id: return Self.text(pointer.pointee.id)
        case .parentID:
            if pointer.pointee.parentIndex != XRayNode.noParent { return Self.text(nodes[pointer.pointee.parentIndex].id) }
            return Self.text(pointer.pointee.parentID)
        case .name: return interned(pointer.pointee.name)
        case .service: return documentService
        case .kind: return .string(pointer.pointee.isSegment ? "segment" : "subsegment")
        case .origin: return interned(pointer.pointee.origin)
        case .namespace: return interned(pointer.pointee.namespace)
        // Documents with times out of range are skipped before rows are built
        // (`XRayNode.invalidTimeField`); `timestamp(millis:)` never traps on any value anyway.
        case .start: return pointer.pointee.startTime.map { .timestamp(millis: $0 * 1000) } ?? .null
        case .end: return pointer.pointee.inProgress ? .null : pointer.pointee.endTime.map { .timestamp(millis: $0 * 1000) } ?? .null
        case .duration: return pointer.pointee.durationMilliseconds.map(QueryValue.number) ?? .null
        case .inProgress: return .bool(pointer.pointee.inProgress)
        case .httpMethod: return interned(pointer.pointee.httpMethod)
        case .httpURL: return Self.text(pointer.pointee.httpURL)
        case .httpStatus: return pointer.pointee.httpStatus.map { .number(Double($0)) } ?? .null
        case .httpClientIP: return Self.text(pointer.pointee.httpClientIP)
        case .httpUserAgent: return Self.text(pointer.pointee.httpUserAgent)
        case .route:
            guard pointer.pointee.isSegment, !pointer.pointee.httpMethod.isEmpty else { return .null }
            let id = routes.route(of: pointer.pointee, &interner)
            if let known = internedValues[id] { return known }
            let value = QueryValue.string(interner.string(id))
            internedValues[id] = value
            return value
        case .sqlQuery: return pointer.pointee.hasSQL ? Self.text(pointer.pointee.sqlQuery) : .null
        case .sqlFingerprint:
            guard pointer.pointee.hasSQL, !pointer.pointee.sqlQuery.isEmpty else { return .null }
            let id = interner.intern(pointer.pointee.sqlQuery)
            if let known = fingerprints[id] { return known }
            let value = QueryValue.string(SQLFingerprint.fingerprint(interner.string(id)))
            if fingerprints.count < 200_000 { fingerprints[id] = value }
            return value
        case .sqlDatabase: return pointer.pointee.hasSQL ? interned(SQLReport.Partial.databaseName(pointer)) : .null
        case .sqlDatabaseType: return interned(pointer.pointee.sqlDatabaseType)
        case .sqlURL: return Self.text(pointer.pointee.sqlURL)
        case .error: return .bool(pointer.pointee.error)
        case .fault: return .bool(pointer.pointee.fault)
        case .throttle: return .bool(pointer.pointee.throttle)
        case .exceptionType, .exceptionMessage:
            guard !pointer.pointee.causeJSON.isEmpty, let cause = try? JSONValue.parse(pointer.pointee.causeJSON),
                  let first = cause["exceptions"]?.arrayValue?.first else { return .null }
            let key = field == .exceptionType ? "type" : "message"
            return first[key]?.stringValue.map(QueryValue.string) ?? .null
        case .annotation(let path): return Self.lookup(pointer.pointee.annotationsJSON, path)
        case .metadata(let path): return Self.lookup(pointer.pointee.metadataJSON, path)
        case .aws(let path): return Self.lookup(pointer.pointee.awsJSON, path)
        case .spanKind: return interned(pointer.pointee.spanKind)
        case .spanStatus: return interned(pointer.pointee.spanStatus)
        case .scopeName: return interned(pointer.pointee.scopeName)
        case .attribute(let path): return Self.lookup(pointer.pointee.metadataJSON, path)
        case .resource(let path): return Self.lookup(pointer.pointee.resourceJSON, path)
        case .unknown: return .null
        }
    }

    /// The value at a dotted path in a JSON object, trying every split of the path into keys
    /// (keys may themselves hold dots, as `metadata.default.http.route` does).
    static func lookup(_ json: UnsafeRawBufferPointer, _ path: String) -> QueryValue {
        guard !json.isEmpty, let value = try? JSONValue.parse(json) else { return .null }
        return JSONFlattening.find(value, path: Substring(path))
    }
}

extension SpanRowBuilder.Field: Equatable {}
