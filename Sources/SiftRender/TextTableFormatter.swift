import SiftModel

/// Aligned plain-text rendering of a ``Table`` (numbers right-aligned, a dashed rule under the header).
///
/// Cells are one line: line breaks and tabs in strings become spaces, lists are joined with `;`
/// and objects print as `k=v` pairs joined with `,`. Widths are counted in Unicode scalars.
public enum TextTableFormatter {
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
        case .strings(let list): return list.joined(separator: ";")
        case .double(let d): return number(d)
        case .object(let members):
            return members.map { oneLine($0.key) + "=" + flatText($0.value, number: number) }.joined(separator: ",")
        }
    }

    /// `s`, or ``printable(_:)`` of it when it holds a line break or a tab.
    private static func oneLine(_ s: String) -> String {
        s.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) ? printable(s) : s
    }

    /// `s` on one line: line breaks and tabs become spaces, so table rows stay aligned.
    public static func printable(_ s: String) -> String {
        String(s.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }

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

    /// `true` for the columns that are right-aligned.
    static func isNumeric(_ type: Table.ColumnType) -> Bool {
        switch type {
        case .integer, .double: return true
        default: return false
        }
    }

    /// The whole table.
    public static func format(_ table: Table) -> String {
        let header = table.columns.map(\.name)
        let cells = table.rows.map { row in row.enumerated().map { text($0.element, table.columns[$0.offset].type) } }
        // Widths in Unicode scalars: as wide as characters for the text sift prints, and much cheaper.
        var widths = header.map(\.unicodeScalars.count)
        for row in cells { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.unicodeScalars.count) } }
        let numeric = table.columns.map { isNumeric($0.type) }
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
}

extension Table: CustomStringConvertible {
    /// The table as aligned text, as `sift ... --format table` prints it.
    public var description: String { TextTableFormatter.format(self) }
}
