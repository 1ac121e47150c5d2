import SiftJSON
import SiftQuery

/// The three output formats of every command.
public enum RenderFormat: String, Sendable, CaseIterable {
    /// Aligned columns for people.
    case table
    /// JSON Lines: one object per row, keys = column names.
    case json
    /// RFC 4180 CSV with a header row.
    case csv
}

/// Writes a ``Table`` as aligned text, JSON Lines or CSV.
public enum TableRenderer {
    /// Writes `table` to `out` in `format`.
    public static func render(_ table: Table, as format: RenderFormat, to out: OutputWriter) {
        switch format {
        case .table:
            out.write(TextTableFormatter.format(table))
        case .json:
            var line: [UInt8] = []
            for row in table.rows {
                line.removeAll(keepingCapacity: true)
                appendJSONObject(row, columns: table.columns, to: &line)
                line.append(0x0A)
                out.write(line)
                if !out.isOpen { return }
            }
        case .csv:
            out.write(table.columns.map { csvField($0.name) }.joined(separator: ",") + "\r\n")
            for row in table.rows {
                let fields = row.enumerated().map { csvField(csvText($0.element, table.columns[$0.offset].type)) }
                out.write(fields.joined(separator: ",") + "\r\n")
                if !out.isOpen { return }
            }
        }
        out.flush()
    }

    /// Appends one row as a JSON object.
    public static func appendJSONObject(_ row: [Table.Value], columns: [Table.Column], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for (i, value) in row.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSONWriter.appendQuoted(columns[i].name, to: &out)
            out.append(UInt8(ascii: ":"))
            appendJSON(value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// Appends one value as JSON.
    public static func appendJSON(_ value: Table.Value, to out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .string(let s): JSONWriter.appendQuoted(s, to: &out)
        case .integer(let i): JSONWriter.appendInteger(i, to: &out)
        case .double(let d): JSONWriter.appendNumber(d, to: &out)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .strings(let list):
            out.append(UInt8(ascii: "["))
            for (i, s) in list.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONWriter.appendQuoted(s, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
    }

    private static func csvText(_ value: Table.Value, _ type: Table.ColumnType) -> String {
        if case .double(let d) = value { return d.description }
        return TextTableFormatter.text(value, type)
    }

    /// Quotes a CSV field when it holds a comma, quote, CR or LF (RFC 4180).
    public static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
