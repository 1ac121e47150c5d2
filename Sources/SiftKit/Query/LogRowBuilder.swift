import SiftFormats
import SiftJSON
import SiftQuery

/// Fills query rows from CloudWatch log events.
///
/// Fields: `@timestamp`, `@message`, `@logStream`, `@log` (the log group name), `@ingestionTime`,
/// and, for messages that are JSON objects (EMF records included), every member flattened as
/// Logs Insights does: nested objects with dots (`http.status`), arrays with indices
/// (`items.0.id`), and arrays and objects also as JSON text under their own name. Messages are
/// parsed only when the query reads a field that is not an `@` field.
struct LogRowBuilder {
    enum Field {
        case timestamp, message, logStream, log, ingestionTime
        case json(String)
    }

    private let fields: [(slot: Int, field: Field)]
    private let needsJSON: Bool

    init(plan: QueryPlan) {
        fields = plan.sourceFields.sorted().map { name in
            let field: Field = switch name {
            case "@timestamp": .timestamp
            case "@message": .message
            case "@logStream": .logStream
            case "@log": .log
            case "@ingestionTime": .ingestionTime
            default: .json(name)
            }
            return (plan.slots.slot(name), field)
        }
        needsJSON = fields.contains { if case .json = $0.field { return true } else { return false } }
    }

    /// Fills `row` from one event.
    func fill(_ row: inout [QueryValue], _ event: LogEventView) {
        var parsed: JSONValue?
        if needsJSON, LogRowBuilder.looksLikeObject(event.message) { parsed = try? JSONValue.parse(event.message) }
        for (slot, field) in fields {
            switch field {
            case .timestamp: row[slot] = .timestamp(event.timestampMillis)
            case .message: row[slot] = .string(String(decoding: event.message, as: UTF8.self))
            case .logStream: row[slot] = event.stream.map(QueryValue.string) ?? .null
            case .log: row[slot] = event.group.map(QueryValue.string) ?? .null
            case .ingestionTime: row[slot] = event.ingestionTimeMillis.map(QueryValue.timestamp) ?? .null
            case .json(let path): row[slot] = parsed.map { JSONFlattening.find($0, path: Substring(path)) } ?? .null
            }
        }
    }

    private static func looksLikeObject(_ bytes: UnsafeRawBufferPointer) -> Bool {
        for b in bytes {
            if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") { continue }
            return b == UInt8(ascii: "{")
        }
        return false
    }
}
