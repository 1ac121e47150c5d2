import SiftJSON
import SiftModel

/// JSON Lines for a ``Table``: one object per row, keys = column names in column order, each
/// line ending in `\n`.
///
/// Values keep their structure: strings, numbers, booleans and `null` as themselves, lists of
/// strings as arrays, objects (such as metric dimensions) as objects with their members in order.
/// Doubles are written at full precision; non-finite doubles become `null`.
public enum JSONLinesWriter {
    /// Appends one row as a JSON object (no line ending).
    public static func appendObject(_ row: [Table.Value], columns: [Table.Column], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for (i, value) in row.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSONWriter.appendQuoted(columns[i].name, to: &out)
            out.append(UInt8(ascii: ":"))
            appendValue(value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// Appends one value as JSON.
    public static func appendValue(_ value: Table.Value, to out: inout [UInt8]) {
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
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (i, member) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONWriter.appendQuoted(member.key, to: &out)
                out.append(UInt8(ascii: ":"))
                appendValue(member.value, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// The whole table as JSON Lines.
    public static func format(_ table: Table) -> String {
        var out: [UInt8] = []
        for row in table.rows {
            appendObject(row, columns: table.columns, to: &out)
            out.append(0x0A)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Writes the table to `out`, one line at a time, stopping early when the reader has gone away.
    public static func write(_ table: Table, to out: OutputWriter) {
        var line: [UInt8] = []
        for row in table.rows {
            line.removeAll(keepingCapacity: true)
            appendObject(row, columns: table.columns, to: &line)
            line.append(0x0A)
            out.write(line)
            if !out.isOpen { return }
        }
    }
}
