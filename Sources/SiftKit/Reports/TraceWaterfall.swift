import SiftJSON
import SiftModel
import SiftQuery
import SiftTraces

/// Renders one assembled trace: an indented text waterfall for the terminal, a nested JSON
/// tree, or flat rows.
public enum TraceWaterfall {
    /// The text waterfall: one line per span with start offset, duration, self time, a time bar,
    /// the indented name, the SQL text and the error flags.
    public static func text(_ trace: Trace, barWidth: Int = 40) -> String {
        let total = max(1, trace.durationNanos ?? 1)
        let startNanos = trace.start.nanosecondsSinceEpoch
        // Text from the data is terminal-safe (DisplayText): a line break in a name, SQL text or
        // exception message shows as \n and never forges a waterfall row.
        func shown(_ text: String) -> String { DisplayText.escaped(text, tabs: .space) }
        var out = "trace \(shown(trace.traceID))  start \(trace.start.iso8601(fractionDigits: 6))"
        out += "  duration \(ms(trace.durationNanos)) ms  spans \(trace.spanCount)"
        if trace.orphanCount > 0 { out += "  orphans \(trace.orphanCount)" }
        out += "\n"
        out += pad("offset_ms", 10) + "  " + pad("duration", 10) + "  " + pad("self", 9) + "  " + String(repeating: " ", count: barWidth + 2) + "  span\n"
        for node in trace.nodes {
            let offset = node.span.start.nanosecondsSinceEpoch - startNanos
            var bar = [Character](repeating: " ", count: barWidth)
            // Clamped as doubles first: a span far outside the trace's interval never traps.
            let width = Double(barWidth)
            let from = min(barWidth - 1, Int(min(width, max(0, Double(offset) / Double(total) * width))))
            let length = max(1, Int(min(width, max(0, Double(node.durationNanos ?? 0) / Double(total) * width))))
            for i in from..<min(barWidth, from + length) { bar[i] = node.durationNanos == nil ? "?" : "=" }
            var line = pad(ms(offset), 10) + "  " + pad(ms(node.durationNanos), 10) + "  " + pad(ms(node.selfNanos), 9)
            line += "  |" + String(bar) + "|  " + String(repeating: "  ", count: node.depth) + shown(node.span.name)
            if node.span.kind == .segment { line += " [segment]" }
            if let method = node.span.http?.method { line += " \(shown(method))" }
            if let status = node.span.http?.status { line += " \(status)" }
            if let query = node.span.sql?.sanitizedQuery { line += "  sql: " + shown(String(query.prefix(120))) }
            var flags: [String] = []
            if node.span.fault { flags.append("FAULT") }
            if node.span.error { flags.append("ERROR") }
            if node.span.throttle { flags.append("THROTTLE") }
            if node.isOrphan { flags.append("orphan") }
            if node.isSkewed { flags.append("skewed") }
            if node.span.inProgress { flags.append("in progress") }
            if !flags.isEmpty { line += "  !" + flags.joined(separator: ",") }
            if case .exceptions(_, let exceptions)? = node.span.cause, let first = exceptions.first {
                line += "  \(shown(first.type ?? "exception")): \(shown(first.message ?? ""))"
            }
            out += line + "\n"
        }
        return out
    }

    /// The trace as nested JSON: `{trace_id, start, duration_ms, spans: [{..., children: [...]}]}`.
    public static func json(_ trace: Trace) -> String {
        var out: [UInt8] = []
        out.append(contentsOf: "{\"trace_id\":".utf8)
        JSONWriter.appendQuoted(trace.traceID, to: &out)
        out.append(contentsOf: ",\"start\":".utf8)
        JSONWriter.appendQuoted(trace.start.iso8601(fractionDigits: 6), to: &out)
        out.append(contentsOf: ",\"duration_ms\":".utf8)
        appendMillis(trace.durationNanos, to: &out)
        out.append(contentsOf: ",\"spans\":[".utf8)
        for (i, root) in trace.roots.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            appendTree(root, trace, to: &out)
        }
        out.append(contentsOf: "]}".utf8)
        return String(decoding: out, as: UTF8.self)
    }

    /// One root's nested JSON, depth-first with an explicit stack: a parent chain as deep as
    /// the data makes (100,000 levels) never overflows the call stack.
    private static func appendTree(_ root: Int, _ trace: Trace, to out: inout [UInt8]) {
        appendNodeOpening(root, trace, to: &out)
        var stack: [(children: ArraySlice<Int>, written: Int)] = [(trace.children(of: root), 0)]
        while let top = stack.last {
            guard let child = top.children.dropFirst(top.written).first else {
                out.append(contentsOf: "]}".utf8)  // closes the node's children and the node
                stack.removeLast()
                continue
            }
            if top.written > 0 { out.append(UInt8(ascii: ",")) }
            stack[stack.count - 1].written += 1
            appendNodeOpening(child, trace, to: &out)
            stack.append((trace.children(of: child), 0))
        }
    }

    /// Flat rows, one per span in depth-first order (for CSV).
    public static func table(_ trace: Trace) -> Table {
        var table = Table(columns: [
            .init("depth", .integer), .init("id", .string), .init("parent_id", .string), .init("name", .string),
            .init("kind", .string), .init("offset_ms", .double(decimals: 3)), .init("duration_ms", .double(decimals: 3)),
            .init("self_ms", .double(decimals: 3)), .init("sql", .string), .init("fault", .bool), .init("error", .bool),
        ])
        for node in trace.nodes {
            table.append([
                .integer(Int64(node.depth)), .string(node.span.id), node.span.parentID.map { .string($0) } ?? .null,
                .string(node.span.name), .string(node.span.kind.rawValue),
                .double(Double(node.span.start.nanosecondsSinceEpoch - trace.start.nanosecondsSinceEpoch) / 1e6),
                node.durationNanos.map { .double(Double($0) / 1e6) } ?? .null, node.selfNanos.map { .double(Double($0) / 1e6) } ?? .null,
                node.span.sql?.sanitizedQuery.map { .string($0) } ?? .null, .bool(node.span.fault), .bool(node.span.error),
            ])
        }
        return table
    }

    /// A node's members up to and including `"children":[`; ``appendTree(_:_:to:)`` closes it.
    private static func appendNodeOpening(_ index: Int, _ trace: Trace, to out: inout [UInt8]) {
        let node = trace.nodes[index]
        let span = node.span
        func field(_ name: String, _ value: String?) {
            guard let value else { return }
            out.append(contentsOf: ",\"\(name)\":".utf8)
            JSONWriter.appendQuoted(value, to: &out)
        }
        out.append(contentsOf: "{\"id\":".utf8)
        JSONWriter.appendQuoted(span.id, to: &out)
        field("parent_id", span.parentID)
        field("name", span.name)
        field("kind", span.kind.rawValue)
        field("namespace", span.namespace)
        field("origin", span.origin)
        out.append(contentsOf: ",\"offset_ms\":".utf8)
        appendMillis(span.start.nanosecondsSinceEpoch - trace.start.nanosecondsSinceEpoch, to: &out)
        out.append(contentsOf: ",\"duration_ms\":".utf8)
        appendMillis(node.durationNanos, to: &out)
        out.append(contentsOf: ",\"self_ms\":".utf8)
        appendMillis(node.selfNanos, to: &out)
        out.append(contentsOf: ",\"depth\":".utf8)
        JSONWriter.appendInteger(Int64(node.depth), to: &out)
        field("http_method", span.http?.method)
        field("http_url", span.http?.url)
        if let status = span.http?.status {
            out.append(contentsOf: ",\"http_status\":".utf8)
            JSONWriter.appendInteger(Int64(status), to: &out)
        }
        field("sql", span.sql?.sanitizedQuery)
        out.append(contentsOf: ",\"fault\":\(span.fault),\"error\":\(span.error),\"throttle\":\(span.throttle)".utf8)
        if node.isOrphan { out.append(contentsOf: ",\"orphan\":true".utf8) }
        if node.isSkewed { out.append(contentsOf: ",\"skewed\":true".utf8) }
        if case .exceptions(_, let exceptions)? = span.cause, !exceptions.isEmpty {
            out.append(contentsOf: ",\"exceptions\":[".utf8)
            for (i, e) in exceptions.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: "{\"type\":".utf8)
                JSONWriter.appendQuoted(e.type ?? "", to: &out)
                out.append(contentsOf: ",\"message\":".utf8)
                JSONWriter.appendQuoted(e.message ?? "", to: &out)
                out.append(UInt8(ascii: "}"))
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(contentsOf: ",\"children\":[".utf8)
    }

    private static func appendMillis(_ nanos: Int64?, to out: inout [UInt8]) {
        guard let nanos else { return out.append(contentsOf: "null".utf8) }
        JSONWriter.appendNumber(Double(nanos) / 1e6, to: &out)
    }

    private static func ms(_ nanos: Int64?) -> String {
        guard let nanos else { return "?" }
        return TextTableFormatter.fixed(Double(nanos) / 1e6, decimals: 3)
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}
