// SiftKit: the reports, their runner, and the library for notebook-style Swift scripts. It
// re-exports the layers below.
//
// Brief overview: every command is a `Report` (Reports/, Logs/, Query/, Inputs/): a per-input
// `Partial` that is a `RecordSink` and merges, typed rows from the merged state, and their
// table. `ReportRunner` (Running/) walks the paths once, decodes each input into its own partial
// on a worker (`InputDecoder`), merges the partials in input order, orders and limits the rows,
// and draws the progress line on a terminal. `SiftInputs` (Library/) is the script façade: typed
// rows (`[EndpointStats]`, `[SQLStatementStats]`...) sorted as the CLI prints them, queries as
// `Table`s, and records (`spans()`, `logEvents()`, `metricSamples()`).
//
// ```swift
// let slowest = SiftInputs(["exports/xray/"]).endpoints().first
// print(slowest?.route ?? "-", slowest?.p95Milliseconds ?? 0)
// ```
@_exported import SiftModel
@_exported import SiftJSON
@_exported import SiftBytes
@_exported import SiftFormats
@_exported import SiftTraces
@_exported import SiftQuery
@_exported import SiftRender

/// The version of sift and SiftKit.
public let siftVersion = "0.1.0"
