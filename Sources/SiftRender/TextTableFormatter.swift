import SiftModel

/// Aligned plain-text rendering of a ``Table`` (numbers right-aligned, a dashed rule under the header).
///
/// Cells are one line and safe on a terminal: line breaks show as `\n` and `\r`, tabs become
/// spaces, and control and bidirectional-override characters show as escapes (`\x1b`, `\u202e`;
/// see ``SiftModel/DisplayText``); lists are joined with `;` and objects print as `k=v` pairs
/// joined with `,`. Widths are counted in Unicode scalars.
///
/// Given a `width`, ``format(_:width:)`` fits each line to it by cutting the widest text columns
/// (never numeric ones); a cut cell ends in `…`. The CLI passes the terminal's width only when
/// standard output is a terminal and `--wide` is not given, so piped output is never cut.
public enum TextTableFormatter {
    /// The narrowest a text column is cut to (a narrower header keeps its own width).
    public static let minimumCutWidth = 8

    /// Formats one cell as table text.
    public static func text(_ value: Table.Value, _ type: Table.ColumnType) -> String {
        flatText(value) { d in
            if case .double(let decimals) = type { return fixed(d, decimals: decimals) }
            return fixed(d, decimals: 3)
        }
    }

    /// One cell on one line, with doubles written by `number` (the table and CSV differ only there).
    static func flatText(_ value: Table.Value, number: (Double) -> String) -> String {
        switch value {
        case .null: return ""
        case .string(let s): return oneLine(s)
        case .integer(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .strings(let list): return list.map(oneLine).joined(separator: ";")
        case .double(let d): return number(d)
        case .object(let members):
            return members.map { oneLine($0.key) + "=" + flatText($0.value, number: number) }.joined(separator: ",")
        }
    }

    /// `s` as ``printable(_:)`` shows it.
    private static func oneLine(_ s: String) -> String { printable(s) }

    /// `s` on one line and safe on a terminal: line breaks become `\n` and `\r`, tabs spaces (so
    /// rows stay aligned), controls and bidi overrides escapes (``SiftModel/DisplayText``).
    public static func printable(_ s: String) -> String { DisplayText.escaped(s, tabs: .space) }

    /// `d` with exactly `decimals` fractional digits, rounded half away from zero.
    public static func fixed(_ d: Double, decimals: Int) -> String {
        guard d.isFinite else { return d.isNaN ? "NaN" : (d < 0 ? "-Inf" : "Inf") }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(d) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9.0e18 else { return String(d) }
        let whole = Int64(scaled)
        let intPart = whole / Int64(scale)
        var text = (d < 0 && whole != 0 ? "-" : "") + String(intPart)
        if decimals > 0 {
            let frac = String(whole % Int64(scale))
            text += "." + String(repeating: "0", count: decimals - frac.count) + frac
        }
        return text
    }

    /// `true` for the columns that are right-aligned and never cut.
    static func isNumeric(_ type: Table.ColumnType) -> Bool {
        switch type {
        case .integer, .double: return true
        default: return false
        }
    }

    /// The whole table.
    ///
    /// - Parameters:
    ///   - table: the table.
    ///   - width: the line width to fit to, in Unicode scalars; `nil` prints every cell whole.
    ///     Only text columns wider than ``minimumCutWidth`` (and than their header) are cut, the
    ///     widest first, so a table with many numeric columns may stay wider than `width`.
    public static func format(_ table: Table, width: Int? = nil) -> String {
        let header = table.columns.map(\.name)
        var cells = table.rows.map { row in row.enumerated().map { text($0.element, table.columns[$0.offset].type) } }
        // Widths in Unicode scalars: as wide as characters for the text sift prints, and much cheaper.
        let headerWidths = header.map(\.unicodeScalars.count)
        var widths = headerWidths
        for row in cells { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.unicodeScalars.count) } }
        let numeric = table.columns.map { isNumeric($0.type) }
        if let width {
            let natural = widths
            widths = fittedWidths(natural, headerWidths: headerWidths, numeric: numeric, width: width)
            let cut = widths.indices.filter { widths[$0] < natural[$0] }
            if !cut.isEmpty {
                for r in cells.indices { for i in cut { cells[r][i] = truncated(cells[r][i], to: widths[i]) } }
            }
        }
        func line(_ values: [String]) -> String {
            var parts: [String] = []
            for (i, v) in values.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - v.unicodeScalars.count)
                let last = i == values.count - 1
                parts.append(numeric[i] ? pad + v : (last ? v : v + pad))
            }
            return parts.joined(separator: "  ")
        }
        var out = line(header) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for row in cells { out += line(row) + "\n" }
        return out
    }

    /// Column widths whose line (columns and two-space gaps) fits `width`: the widest cuttable
    /// column is narrowed first, down to its floor (its natural width for numbers, else the larger
    /// of its header and ``minimumCutWidth``).
    static func fittedWidths(_ natural: [Int], headerWidths: [Int], numeric: [Bool], width: Int) -> [Int] {
        var widths = natural
        var excess = widths.reduce(0, +) + 2 * max(0, widths.count - 1) - width
        guard excess > 0 else { return widths }
        let floors = widths.indices.map { i in
            numeric[i] ? natural[i] : min(natural[i], max(headerWidths[i], minimumCutWidth))
        }
        while excess > 0 {
            let shrinkable = widths.indices.filter { widths[$0] > floors[$0] }
            // The leftmost of the widest.
            guard let widest = shrinkable.max(by: { widths[$0] < widths[$1] }) else { break }
            let next = shrinkable.filter { $0 != widest }.map { widths[$0] }.max() ?? 0
            let step = min(excess, widths[widest] - floors[widest], max(1, widths[widest] - next))
            widths[widest] -= step
            excess -= step
        }
        return widths
    }

    /// `cell` cut to `width` Unicode scalars, the last one `…`, when it is longer.
    static func truncated(_ cell: String, to width: Int) -> String {
        let scalars = cell.unicodeScalars
        guard scalars.count > width else { return cell }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars.prefix(max(0, width - 1)))
        out.append("…")
        return String(out)
    }
}

extension Table: CustomStringConvertible {
    /// The table as aligned text, as `sift ... --format table` prints it when piped.
    public var description: String { TextTableFormatter.format(self) }
}
