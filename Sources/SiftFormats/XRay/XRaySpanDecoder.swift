import SiftJSON
import SiftModel

/// Turns the borrowed nodes of one parsed document into owned ``Span`` values, for trace
/// assembly and the library API.
///
/// Embedded subsegments get the enclosing node's id as their parent; the root keeps its
/// `parent_id`. Times are exact: the seconds text is read as integer nanoseconds. `cause` becomes
/// ``Cause/exceptions(workingDirectory:exceptions:)``, ``Cause/exceptionID(_:)`` for the 16-hex
/// string form, or ``Cause/unrecognized(_:)`` (flagged, not fatal) for anything else.
public struct XRaySpanDecoder {
    private var scanner = JSONScanner(UnsafeRawBufferPointer(start: nil, count: 0))

    /// Creates a decoder.
    public init() {}

    /// The spans of one parsed document, in document order.
    ///
    /// - Parameters:
    ///   - nodes: the nodes of a document just parsed (``XRayDocument/nodes``).
    ///   - location: where the document was read (kept on every span).
    ///   - unrecognizedCauses: incremented for each `cause` of an unknown form.
    public mutating func spans(of nodes: [XRayNode], location: InputLocation?, unrecognizedCauses: inout Int) -> [Span] {
        var spans: [Span] = []
        spans.reserveCapacity(nodes.count)
        for node in nodes {
            let parentID: String? =
                node.parentIndex >= 0 ? String(decoding: nodes[node.parentIndex].id, as: UTF8.self) : node.parentID.nonEmptyString
            var span = Span(
                traceID: String(decoding: node.traceID, as: UTF8.self), id: String(decoding: node.id, as: UTF8.self),
                parentID: parentID, kind: node.isSegment ? .segment : .subsegment, name: String(decoding: node.name, as: UTF8.self),
                start: timestamp(node.startTimeText, node.startTime) ?? Timestamp(nanosecondsSinceEpoch: 0),
                end: node.inProgress ? nil : timestamp(node.endTimeText, node.endTime))
            span.inProgress = node.inProgress || span.end == nil
            span.origin = node.origin.nonEmptyString
            span.namespace = node.namespace.nonEmptyString
            span.error = node.error
            span.fault = node.fault
            span.throttle = node.throttle
            span.user = node.user.nonEmptyString
            span.location = location
            if node.hasHTTP {
                var http = HTTPInfo()
                http.method = node.httpMethod.nonEmptyString
                http.url = node.httpURL.nonEmptyString
                http.clientIP = node.httpClientIP.nonEmptyString
                http.userAgent = node.httpUserAgent.nonEmptyString
                http.xForwardedFor = node.httpXForwardedFor
                http.traced = node.httpTraced
                http.status = node.httpStatus
                if !node.httpContentLength.isEmpty {
                    var text = String(decoding: node.httpContentLength, as: UTF8.self)
                    if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = String(text.dropFirst().dropLast()) }
                    http.contentLength = text
                }
                span.http = http
            }
            if node.hasSQL {
                var sql = SQLInfo()
                sql.url = node.sqlURL.nonEmptyString
                sql.sanitizedQuery = node.sqlQuery.nonEmptyString
                sql.databaseType = node.sqlDatabaseType.nonEmptyString
                sql.databaseVersion = node.sqlDatabaseVersion.nonEmptyString
                sql.driverVersion = node.sqlDriverVersion.nonEmptyString
                sql.user = node.sqlUser.nonEmptyString
                sql.preparation = node.sqlPreparation.nonEmptyString
                sql.connectionString = node.sqlConnectionString.nonEmptyString
                span.sql = sql
            }
            if !node.annotationsJSON.isEmpty { span.annotations = annotations(node.annotationsJSON) }
            if !node.awsJSON.isEmpty { span.aws = flatten(node.awsJSON) }
            if !node.metadataJSON.isEmpty { span.metadataJSON = String(decoding: node.metadataJSON, as: UTF8.self) }
            if let version = serviceVersion(node.serviceJSON) { span.serviceVersion = version }
            if !node.causeJSON.isEmpty {
                span.cause = cause(node.causeJSON)
                if case .unrecognized = span.cause { unrecognizedCauses += 1 }
            }
            spans.append(span)
        }
        return spans
    }

    /// Exact nanoseconds from the number text, falling back to the double.
    private mutating func timestamp(_ text: UnsafeRawBufferPointer, _ seconds: Double?) -> Timestamp? {
        guard seconds != nil else { return nil }
        scanner.reset(text)
        if let nanos = try? scanner.readScaledInteger(fractionDigits: 9) { return Timestamp(nanosecondsSinceEpoch: nanos) }
        // Out-of-range documents are skipped before this (`XRayNode.invalidTimeField`); a
        // value beyond Int64 nanoseconds is absent rather than a trap.
        guard let nanos = seconds.map({ ($0 * 1e9).rounded() }), nanos.isFinite, abs(nanos) < 9.2e18 else { return nil }
        return Timestamp(nanosecondsSinceEpoch: Int64(nanos))
    }

    private func annotations(_ raw: UnsafeRawBufferPointer) -> [String: AnnotationValue] {
        guard case .object(let members)? = try? JSONValue.parse(raw) else { return [:] }
        var result: [String: AnnotationValue] = [:]
        for (key, value) in members {
            switch value {
            case .string(let s): result[key] = .string(s)
            case .number(let n): result[key] = .number(n)
            case .bool(let b): result[key] = .bool(b)
            default: continue
            }
        }
        return result
    }

    /// The `aws` object's scalar members with dotted paths (`ecs.container`, `operation`).
    private func flatten(_ raw: UnsafeRawBufferPointer) -> [String: String] {
        guard let value = try? JSONValue.parse(raw) else { return [:] }
        var result: [String: String] = [:]
        func walk(_ value: JSONValue, _ prefix: String) {
            switch value {
            case .object(let members): for (key, child) in members { walk(child, prefix.isEmpty ? key : prefix + "." + key) }
            case .string(let s): result[prefix] = s
            case .number, .bool: result[prefix] = value.serialized()
            case .array: result[prefix] = value.serialized()
            case .null: break
            }
        }
        walk(value, "")
        return result
    }

    private func serviceVersion(_ raw: UnsafeRawBufferPointer) -> String? {
        guard !raw.isEmpty, let value = try? JSONValue.parse(raw) else { return nil }
        return value["version"]?.stringValue
    }

    private func cause(_ raw: UnsafeRawBufferPointer) -> Cause {
        guard let value = try? JSONValue.parse(raw) else { return .unrecognized(String(decoding: raw, as: UTF8.self)) }
        switch value {
        case .string(let id):
            return .exceptionID(id)
        case .object:
            var exceptions: [ExceptionInfo] = []
            for exception in value["exceptions"]?.arrayValue ?? [] {
                exceptions.append(ExceptionInfo(
                    id: exception["id"]?.stringValue, type: exception["type"]?.stringValue,
                    message: exception["message"]?.stringValue, remote: exception["remote"]?.boolValue ?? false))
            }
            return .exceptions(workingDirectory: value["working_directory"]?.stringValue, exceptions: exceptions)
        default:
            return .unrecognized(value.serialized())
        }
    }
}
