// SiftRender: every writer of results. A `Table` (SiftModel) becomes aligned text
// (`TextTableFormatter`, fitted to a width when asked: `Terminal` says the terminal's), JSON Lines
// (`JSONLinesWriter`, structure kept) or CSV (`CSVWriter`, the one CSV writer); `TableRenderer`
// picks by `RenderFormat`, and `OutputWriter` is the buffered stdout that stops quietly on a
// broken pipe.
//
// ```swift
// var table = Table(columns: [.init("route", .string), .init("count", .integer)])
// table.append([.string("/items"), .integer(3)])
// TableRenderer.render(table, as: .csv, to: OutputWriter())   // route,count\n/items,3\n
// ```
