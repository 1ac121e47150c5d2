import SiftFormats
import SiftModel
import SiftQuery

/// A report: a per-input state that reads records, merges across inputs, and turns into rows.
///
/// Every command is one of these, run by ``ReportRunner``: the runner opens each input, gives
/// it a fresh ``Partial`` (a ``RecordSink``) on a worker, merges the partials in input order,
/// asks for the rows, and orders and limits them. The same typed rows feed the CLI's table and
/// the library's arrays (``SiftInputs/endpoints(_:)`` returns `[EndpointStats]`).
///
/// ```swift
/// let result = ReportRunner.run(EndpointsReport(options), RunOptions(paths: ["xray/"]))
/// for row in result.rows { print(row.route, row.p95Milliseconds ?? 0) }
/// ```
public protocol Report: Sendable {
    /// One input's state; merged in input order.
    associatedtype Partial: ReportPartial
    /// One row of the result.
    associatedtype Row: Sendable

    /// A fresh state for one input.
    func makePartial() -> Partial
    /// The empty state every input's partial merges into (default: ``makePartial()``).
    func makeMergeTarget() -> Partial
    /// The rows of the merged state, in the report's own order (first seen, unless it says
    /// otherwise); notes for `--stats` and the diagnostics go to `diagnostics` and `statistics`.
    func rows(from merged: inout Partial, _ diagnostics: inout Diagnostics, _ statistics: inout RunStatistics) -> [Row]
    /// The table of `rows`: columns and one value per column per row (`merged` for reports
    /// whose columns depend on the data, like a query's).
    func table(_ rows: [Row], of merged: Partial) -> Table
    /// The order applied when the user gives none; `nil` keeps ``rows(from:_:_:)``'s order.
    var defaultOrder: ReportOrder? { get }
    /// Whether inputs of no known format are handed to the partial too (`detect`); otherwise
    /// they are reported as `unknown format` and count as unusable.
    var acceptsUnknownFormats: Bool { get }
    /// Whether inputs are read one after another in input order (streaming output); otherwise
    /// they are read in parallel, one per worker.
    var readsInputsInOrder: Bool { get }
    /// Whether the run can end before the remaining inputs are opened (output closed).
    var isFinished: Bool { get }
    /// Called once with the first input's format, before any input is read, by reports whose
    /// rows depend on it (a query's default row source). `nil`: no usable first input.
    mutating func prepare(firstInputFormat: InputFormat?)
    /// Whether ``prepare(firstInputFormat:)`` needs to be called.
    var dependsOnFirstInputFormat: Bool { get }
    /// Called once before any input is read with the number of workers that will read them in
    /// parallel (reports that share a budget between them; traces).
    mutating func prepare(workers: Int)
}

extension Report {
    public func makeMergeTarget() -> Partial { makePartial() }
    public var defaultOrder: ReportOrder? { nil }
    public var acceptsUnknownFormats: Bool { false }
    public var readsInputsInOrder: Bool { false }
    public var isFinished: Bool { false }
    public var dependsOnFirstInputFormat: Bool { false }
    public mutating func prepare(firstInputFormat: InputFormat?) {}
    public mutating func prepare(workers: Int) {}
}

/// A report's per-input state: a sink for the input's records that merges with the others.
///
/// A partial is filled on one worker and handed once, after that worker is done, to the thread
/// that merges; it need not be `Sendable` (decoders with scratch buffers live in it).
public protocol ReportPartial: RecordSink {
    /// Adds the state of a later input (states merge in input order).
    mutating func merge(_ other: Self, _ diagnostics: inout Diagnostics)
    /// Called after the input is decoded, with the input and its record count.
    mutating func finishInput(_ input: OpenedInput, records: Int, _ diagnostics: inout Diagnostics)
}

extension ReportPartial {
    public mutating func finishInput(_ input: OpenedInput, records: Int, _ diagnostics: inout Diagnostics) {}
}
