import SiftModel

/// The one CSV writer: `--format csv` in the CLI, `Table.csv` in the library and the
/// rows of `sift logs --format csv` all come from it.
///
/// Fields follow RFC 4180: a field holding a comma, a double quote, CR or LF is enclosed in double
/// quotes, with its quotes doubled. Every line, the header's included, ends with ``lineEnding``,
/// a single LF (`\n`), as sift's JSON Lines and text output do. RFC 4180 names CRLF, but readers
/// of CSV (spreadsheets, pandas, DuckDB, Python's `csv`, Go's `encoding/csv`) accept LF, and LF
/// keeps the last field free of a stray `\r` for `cut`, `awk` and `grep`.
///
/// Table cells are written as the text table shows them (one line and terminal-safe: line breaks
/// as `\n` and `\r`, tabs as spaces, controls as escapes, see ``SiftModel/DisplayText``; lists
/// joined with `;`, objects as `k=v` pairs joined with `,`), except that doubles keep full
/// precision (Swift's shortest round-tripping form, `0.1`, `1e-05`).
///
/// A text cell that a spreadsheet would run as a formula — one starting with `=`, `+`, `-`, `@`,
/// a tab or a carriage return (OWASP's list) — gets a leading apostrophe (`'=HYPERLINK(...)`),
/// unless it is a plain number such as `-3.5`. Numeric cells are never changed.
public enum CSVWriter {
    /// The line ending of every CSV line sift writes: LF.
    public static let lineEnding = "\n"

    /// ``lineEnding`` as a byte.
    @usableFromInline static let lineEndingByte: UInt8 = 0x0A

    /// `text` as one field: quoted when it holds a comma, a quote, CR or LF.
    public static func field(_ text: String) -> String {
        guard text.utf8.contains(where: needsQuotes) else { return text }
        var out = "\""
        for c in text.unicodeScalars {
            if c == "\"" { out.unicodeScalars.append("\"") }
            out.unicodeScalars.append(c)
        }
        return out + "\""
    }

    /// Appends `bytes` as one field (quoted as ``field(_:)`` quotes).
    @inlinable
    public static func appendField(_ bytes: some Collection<UInt8>, to line: inout [UInt8]) {
        guard bytes.contains(where: needsQuotes) else { return line.append(contentsOf: bytes) }
        line.append(UInt8(ascii: "\""))
        for byte in bytes {
            if byte == UInt8(ascii: "\"") { line.append(byte) }
            line.append(byte)
        }
        line.append(UInt8(ascii: "\""))
    }

    /// Appends ``lineEnding``.
    @inlinable
    public static func endLine(_ line: inout [UInt8]) {
        line.append(lineEndingByte)
    }

    /// `true` for the bytes that make a field need quotes: `,`, `"`, CR, LF.
    @inlinable
    static func needsQuotes(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D
    }

    /// One cell's text before quoting: the flat text, neutralised when it could run as a formula.
    public static func text(_ value: Table.Value, _ type: Table.ColumnType) -> String {
        let text = TextTableFormatter.flatText(value) { $0.description }
        return couldRunAsFormula(value) ? "'" + text : text
    }

    /// Whether a text cell starts like a formula (see the type's notes); numbers, booleans and
    /// absent cells never do.
    static func couldRunAsFormula(_ value: Table.Value) -> Bool {
        switch value {
        case .string(let s): return startsLikeFormula(s)
        case .strings(let list): return list.first.map(startsLikeFormula) ?? false
        case .object(let members): return members.first.map { startsLikeFormula($0.key) } ?? false
        default: return false
        }
    }

    /// Whether `text` starts with `=`, `+`, `-`, `@`, a tab or a carriage return and is not a
    /// plain number (`-3.5`, `+1e5`).
    public static func startsLikeFormula(_ text: some StringProtocol) -> Bool {
        guard let first = text.utf8.first, isFormulaLead(first) else { return false }
        let numeric = text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x65 || $0 == 0x45 || $0 == 0x2B || $0 == 0x2D }
        return !(numeric && Double(String(text)) != nil)
    }

    /// `=`, `+`, `-`, `@`, tab, CR.
    @inlinable
    static func isFormulaLead(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "=") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "@")
            || byte == 0x09 || byte == 0x0D
    }

    /// Appends text `bytes` from data (a log message, a stream name) as one field: escaped as table
    /// text, neutralised when it starts like a formula, quoted.
    public static func appendTextField(_ bytes: UnsafeRawBufferPointer, to line: inout [UInt8]) {
        var text: [UInt8] = []
        if let first = bytes.first, isFormulaLead(first), startsLikeFormula(String(decoding: bytes, as: UTF8.self)) {
            text.append(UInt8(ascii: "'"))
        }
        DisplayText.append(bytes, tabs: .space, to: &text)
        appendField(text, to: &line)
    }

    /// The header line: the column names (terminal-safe), then ``lineEnding``.
    public static func header(_ columns: [Table.Column]) -> String {
        columns.map { field(DisplayText.escaped($0.name)) }.joined(separator: ",") + lineEnding
    }

    /// One row's line, then ``lineEnding``.
    public static func line(_ row: [Table.Value], columns: [Table.Column]) -> String {
        row.enumerated().map { field(text($0.element, columns[$0.offset].type)) }.joined(separator: ",") + lineEnding
    }

    /// The whole table: the header line and one line per row.
    public static func format(_ table: Table) -> String {
        var out = header(table.columns)
        for row in table.rows { out += line(row, columns: table.columns) }
        return out
    }

    /// Writes the table to `out`, stopping early when the reader has gone away.
    public static func write(_ table: Table, to out: OutputWriter) {
        out.write(header(table.columns))
        for row in table.rows {
            out.write(line(row, columns: table.columns))
            if !out.isOpen { return }
        }
    }
}
