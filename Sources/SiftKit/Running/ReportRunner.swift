import SiftBytes
import SiftFormats
import SiftModel
import SiftQuery
import Synchronization

/// What a run of a report produced: its rows (ordered and limited), their table, the merged
/// state, and what was read and skipped.
public struct ReportResult<R: Report> {
    /// The rows, in the order asked (or the report's default order), limited.
    public var rows: [R.Row]
    /// The same rows as a table.
    public var table: Table
    /// The merged state of every input (what `--partial` would write).
    public var merged: R.Partial
    /// What was read and skipped.
    public var outcome: RunOutcome
}

/// Skipped records and counters of a run: what every command reports after its output.
public struct RunOutcome: Sendable {
    /// Skipped records (with their location) and notes, merged in input order.
    public var diagnostics: Diagnostics
    /// Bytes, inputs and records, for `--stats`.
    public var statistics: RunStatistics
    /// The inputs, in order.
    public var sources: [InputSource]
    /// Inputs that could not be opened or walked.
    public var unusableInputs: Int
}

/// Runs a ``Report`` over every input: walks the paths once, decodes each input into its own
/// partial on a worker (one input per core, pipelined inflate when there are fewer inputs than
/// cores), merges the partials in input order, and orders and limits the rows.
///
/// Under `--strict` the first skipped record stops the run: inputs not yet started are not
/// read. While it runs, a ``ProgressLine`` is drawn on stderr when ``RunOptions/progress`` asks
/// for one.
public enum ReportRunner {
    /// Runs `report` over the inputs of `options`.
    ///
    /// - Parameter order: the user's `--sort`/`--limit`; `nil` uses ``Report/defaultOrder``.
    /// - Throws: ``ReportError/unknownColumn(_:available:)`` when `order` names no column.
    public static func run<R: Report>(
        _ report: R, _ options: RunOptions, order: ReportOrder? = nil
    ) throws(ReportError) -> ReportResult<R> {
        var (prepared, rows, merged, outcome) = unordered(report, options)
        var table = prepared.table(rows, of: merged)
        if let order = order ?? prepared.defaultOrder {
            let indices = try order.orderedIndices(of: table)
            rows = indices.map { rows[$0] }
            table.rows = indices.map { table.rows[$0] }
        }
        return ReportResult(rows: rows, table: table, merged: merged, outcome: outcome)
    }

    /// Runs `report` and returns its rows in the report's own order (no sort, no limit).
    public static func rows<R: Report>(_ report: R, _ options: RunOptions) -> (rows: [R.Row], outcome: RunOutcome) {
        let (_, rows, _, outcome) = unordered(report, options)
        return (rows, outcome)
    }

    /// Decodes, merges and makes the rows; returns the report as prepared for the first input.
    private static func unordered<R: Report>(
        _ report: R, _ options: RunOptions
    ) -> (report: R, rows: [R.Row], merged: R.Partial, outcome: RunOutcome) {
        var report = report
        var (merged, outcome) = decodeAll(&report, options)
        let rows = report.rows(from: &merged, &outcome.diagnostics, &outcome.statistics)
        return (report, rows, merged, outcome)
    }

    /// Decodes every input into a partial and merges them, without making rows (streaming
    /// reports, which write as they read, and `--partial`).
    public static func decodeAll<R: Report>(_ report: inout R, _ options: RunOptions) -> (merged: R.Partial, outcome: RunOutcome) {
        let clock = ContinuousClock()
        let started = clock.now
        var diagnostics = Diagnostics(strict: options.strict)
        var found: [InputSource] = []
        var problems: [InputError] = []
        for path in options.paths.isEmpty ? ["-"] : options.paths {
            let (expanded, met) = InputWalker.expand([path])
            if expanded.isEmpty && met.isEmpty {
                diagnostics.record(DecodeError(.unreadable("directory holds no files to read"), at: InputLocation(source: path)))
            }
            found += expanded
            problems += met
        }
        let sources = found
        for problem in problems { diagnostics.record(DecodeError(problem)) }
        let workers = report.readsInputsInOrder ? 1 : options.workers
        let pipelined = report.readsInputsInOrder || sources.count < workers

        // A report whose rows depend on the inputs' format sees the first known one before any
        // input is read (an S3 export's `aws-logs-write-test` probe sorts first and says nothing);
        // the inputs opened for that are handed to their workers already open.
        let peeked = PeekedInputs()
        if report.dependsOnFirstInputFormat {
            var format: InputFormat?
            for (index, source) in sources.enumerated() where format == nil && index < PeekedInputs.limit {
                let input = Result { () throws(InputError) in
                    try OpenedInput.open(
                        source, forcedFormat: options.inputFormat, pipelined: pipelined, maxRecordBytes: options.maxRecordBytes)
                }
                if case .success(let input) = input, input.format != .unknown { format = input.format }
                peeked.inputs[index] = input
            }
            report.prepare(firstInputFormat: format)
        }

        let progress = options.progress ? ProgressLine(totalBytes: totalBytes(sources)) : nil
        let decoder = InputDecoder(logGroup: options.logGroup, progress: progress?.counters)
        let stopped = Atomic<Bool>(false)
        report.prepare(workers: workers)
        let fixedReport = report
        let merger = InputOrderMerger(report.makeMergeTarget(), diagnostics: diagnostics, unusable: problems.count)
        _ = ParallelMap.run(sources.count, workers: workers) { index in merger.add(index, decodeOne(index)) }
        @Sendable func decodeOne(_ index: Int) -> PerInput<R.Partial> {
            var local = Diagnostics(strict: options.strict)
            var statistics = RunStatistics()
            if stopped.load(ordering: .relaxed) || fixedReport.isFinished {
                return PerInput(state: nil, diagnostics: local, statistics: statistics)
            }
            let opened: OpenedInput
            do throws(InputError) {
                if let early = peeked.take(index) {
                    opened = try early.get()
                } else {
                    opened = try OpenedInput.open(
                        sources[index], forcedFormat: options.inputFormat, pipelined: pipelined,
                        maxRecordBytes: options.maxRecordBytes)
                }
            } catch {
                local.record(DecodeError(error))
                if local.shouldStop { stopped.store(true, ordering: .relaxed) }
                return PerInput(state: nil, diagnostics: local, statistics: statistics)
            }
            if opened.format == .unknown && !fixedReport.acceptsUnknownFormats {
                let location = InputLocation(source: opened.source.name)
                if opened.reason == FormatDetector.exportProbeReason {
                    local.record(DecodeError(.ignored(FormatDetector.exportProbeReason), at: location))
                } else {
                    local.record(DecodeError(.unknownFormat(opened.reason), at: location))
                }
                if local.shouldStop { stopped.store(true, ordering: .relaxed) }
                return PerInput(state: nil, diagnostics: local, statistics: statistics)
            }
            var partial = fixedReport.makePartial()
            let records = decoder.decode(opened, into: &partial, &local)
            partial.finishInput(opened, records: records, &local)
            if local.shouldStop { stopped.store(true, ordering: .relaxed) }
            statistics.inputs = 1
            statistics.bytesIn = opened.reader.compressedBytesRead
            statistics.bytesDecompressed = opened.reader.decompressedBytesRead
            statistics.inputsByFormat[opened.format.rawValue] = 1
            statistics.recordsByFormat[opened.format.rawValue] = records
            return PerInput(state: partial, diagnostics: local, statistics: statistics)
        }
        progress?.finish()
        var (merged, statistics, unusable) = (merger.merged, merger.statistics, merger.unusable)
        diagnostics = merger.diagnostics
        let elapsed = clock.now - started
        statistics.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let outcome = RunOutcome(diagnostics: diagnostics, statistics: statistics, sources: sources, unusableInputs: unusable)
        return (merged, outcome)
    }

    /// The on-disk size of every regular file among `sources` (standard input counts 0).
    private static func totalBytes(_ sources: [InputSource]) -> Int64 {
        var total: Int64 = 0
        for source in sources {
            if case .file(let path) = source, let size = InputWalker.fileSize(path) { total += size }
        }
        return total
    }
}

/// Merges each input's result as soon as every earlier input's has been merged, so only the
/// inputs finished out of order wait in memory (about one per worker), not every input's partial.
///
/// Safe because every access to its state holds the lock, and ``ParallelMap/run(_:workers:_:)``
/// returns only after every worker has added its result.
private final class InputOrderMerger<Partial: ReportPartial>: @unchecked Sendable {
    private(set) var merged: Partial
    private(set) var diagnostics: Diagnostics
    private(set) var statistics = RunStatistics()
    private(set) var unusable: Int
    private var waiting: [Int: PerInput<Partial>] = [:]
    private var next = 0
    private let lock = Mutex(())

    init(_ target: Partial, diagnostics: Diagnostics, unusable: Int) {
        merged = target
        self.diagnostics = diagnostics
        self.unusable = unusable
    }

    /// Adds input `index`'s result and merges every result now next in input order.
    func add(_ index: Int, _ result: PerInput<Partial>) {
        lock.withLock { _ in
            waiting[index] = result
            while let ready = waiting.removeValue(forKey: next) {
                diagnostics.merge(ready.diagnostics)
                statistics.merge(ready.statistics)
                if let state = ready.state { merged.merge(state, &diagnostics) } else { unusable += 1 }
                next += 1
            }
        }
    }
}

/// One input's result, carried from its worker to the merging thread.
///
/// Safe because ``ParallelMap/run(_:workers:_:)`` returns only after every worker is done, and
/// each state is written by exactly one worker and read only after that.
private struct PerInput<State>: @unchecked Sendable {
    var state: State?
    var diagnostics: Diagnostics
    var statistics: RunStatistics
}

/// The inputs opened to find the first known format, before the workers start; each is taken
/// by the one worker of its index.
private final class PeekedInputs: @unchecked Sendable {
    /// How many inputs are opened at most to find a known format.
    static let limit = 8
    // Written before the workers start; each entry is taken by exactly one worker, under the lock.
    var inputs: [Int: Result<OpenedInput, InputError>] = [:]
    private let lock = Mutex(())

    func take(_ index: Int) -> Result<OpenedInput, InputError>? {
        lock.withLock { _ in inputs.removeValue(forKey: index) }
    }
}
