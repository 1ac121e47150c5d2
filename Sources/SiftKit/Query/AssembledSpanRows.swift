import SiftJSON
import SiftModel
import SiftQuery
import SiftTraces

/// `--source traces`: span rows from assembled traces, with `depth` (0 for roots) and `self`
/// (ms of the span not covered by its children) besides the fields of ``SpanRowBuilder``.
///
/// Assembly holds every trace until the inputs are read (see ``TracesReport``),
/// so memory follows the traces, not the groups.
enum AssembledSpanRows {
    /// Pushes one row per span of `traces` into `execution`.
    static func push(_ traces: [Trace], plan: QueryPlan, templater: RouteTemplater, into execution: inout QueryExecution) {
        let fields = plan.sourceFields.sorted().map { (slot: plan.slots.slot($0), name: $0) }
        var row = execution.emptyRow
        for trace in traces {
            for index in trace.nodes.indices {
                let node = trace.nodes[index]
                let service = trace.nodes[segmentIndex(index, in: trace)].span
                for (slot, name) in fields { row[slot] = value(name, node, service: service, templater: templater) }
                execution.push(row)
            }
        }
    }

    /// The index of the segment enclosing node `start` (itself when it is a segment).
    private static func segmentIndex(_ start: Int, in trace: Trace) -> Int {
        var index = start
        while let parent = trace.nodes[index].parent, trace.nodes[index].span.kind != .segment { index = parent }
        return index
    }

    private static func millis(_ t: Timestamp) -> QueryValue { .timestamp(t.millisecondsSinceEpoch) }

    static func value(_ name: String, _ node: TraceNode, service: Span, templater: RouteTemplater) -> QueryValue {
        let span = node.span
        func text(_ s: String?) -> QueryValue { s.map(QueryValue.string) ?? .null }
        switch name {
        case "trace_id": return .string(span.traceID)
        case "id": return .string(span.id)
        case "parent_id": return text(span.parentID)
        case "name": return .string(span.name)
        case "service": return service.kind == .segment ? .string(service.name) : .null
        case "kind": return .string(span.kind.rawValue)
        case "origin": return text(span.origin)
        case "namespace": return text(span.namespace)
        case "@timestamp", "start": return millis(span.start)
        case "end": return span.end.map(millis) ?? .null
        case "duration": return node.durationNanos.map { .number(Double($0) / 1e6) } ?? .null
        case "self": return node.selfNanos.map { .number(Double($0) / 1e6) } ?? .null
        case "depth": return .number(Double(node.depth))
        case "in_progress": return .bool(span.inProgress)
        case "http.method": return text(span.http?.method)
        case "http.url": return text(span.http?.url)
        case "http.status": return span.http?.status.map { .number(Double($0)) } ?? .null
        case "http.client_ip": return text(span.http?.clientIP)
        case "http.user_agent": return text(span.http?.userAgent)
        case "route": return span.kind == .segment && span.http?.method != nil ? text(span.route(templater: templater)) : .null
        case "sql.query": return text(span.sql?.sanitizedQuery)
        case "sql.fingerprint": return text(span.sql?.sanitizedQuery.map(SQLFingerprint.fingerprint))
        case "sql.database_type": return text(span.sql?.databaseType)
        case "sql.database":
            guard let sql = span.sql else { return .null }
            for url in [sql.url, sql.connectionString].compactMap({ $0 }) {
                var url = url
                let path = url.withUTF8 { String(decoding: URLPath.path(of: UnsafeRawBufferPointer($0)), as: UTF8.self) }
                if path.count > 1, let name = path.split(separator: "/").last { return .string(String(name)) }
            }
            return text(sql.databaseType)
        case "sql.url": return text(span.sql?.url)
        case "error": return .bool(span.error)
        case "fault": return .bool(span.fault)
        case "throttle": return .bool(span.throttle)
        case "exception.type", "exception.message":
            guard case .exceptions(_, let exceptions)? = span.cause, let first = exceptions.first else { return .null }
            return text(name == "exception.type" ? first.type : first.message)
        default:
            if name.hasPrefix("annotation.") {
                switch span.annotations[String(name.dropFirst(11))] {
                case .string(let s)?: return .string(s)
                case .number(let n)?: return .number(n)
                case .bool(let b)?: return .bool(b)
                case nil: return .null
                }
            }
            if name.hasPrefix("aws.") { return text(span.aws[String(name.dropFirst(4))]) }
            if name.hasPrefix("metadata."), var json = span.metadataJSON,
               let metadata = json.withUTF8({ try? JSONValue.parse(UnsafeRawBufferPointer($0)) }) {
                return JSONFlattening.find(metadata, path: name.dropFirst(9))
            }
            return .null
        }
    }
}
