import SiftModel

/// The three output formats of every command (`--format table|json|csv`).
public enum RenderFormat: String, Sendable, CaseIterable {
    /// Aligned columns for people.
    case table
    /// JSON Lines: one object per row, keys = column names.
    case json
    /// CSV with a header row (RFC 4180 quoting, LF line ends; see ``CSVWriter``).
    case csv
}

/// Writes a ``SiftModel/Table`` as aligned text, JSON Lines or CSV.
public enum TableRenderer {
    /// Writes `table` to `out` in `format`, then flushes.
    ///
    /// - Parameters:
    ///   - width: for `.table`, the line width to fit long text cells to (see
    ///     ``TextTableFormatter/format(_:width:)``); `nil` prints them whole. JSON and CSV ignore it.
    public static func render(_ table: Table, as format: RenderFormat, width: Int? = nil, to out: OutputWriter) {
        switch format {
        case .table: out.write(TextTableFormatter.format(table, width: width))
        case .json: JSONLinesWriter.write(table, to: out)
        case .csv: CSVWriter.write(table, to: out)
        }
        out.flush()
    }

    /// `table` in `format`, as one string.
    public static func string(_ table: Table, as format: RenderFormat, width: Int? = nil) -> String {
        switch format {
        case .table: return TextTableFormatter.format(table, width: width)
        case .json: return JSONLinesWriter.format(table)
        case .csv: return CSVWriter.format(table)
        }
    }
}

extension Table {
    /// The table as JSON Lines, one object per row (what `--format json` prints).
    public var jsonLines: String { JSONLinesWriter.format(self) }

    /// The table as CSV with a header row (what `--format csv` prints; see ``CSVWriter``).
    public var csv: String { CSVWriter.format(self) }
}
