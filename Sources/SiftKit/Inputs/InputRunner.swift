import SiftBytes
import SiftFormats
import SiftModel
import Synchronization

/// The outcome of running a job over every input.
public struct InputRun<State: Sendable>: Sendable {
    /// Each input's state, in input order; `nil` for inputs that could not be opened.
    public var states: [State?]
    /// Skipped records and notes from every input, merged in input order.
    public var diagnostics: Diagnostics
    /// Bytes, inputs and records, for `--stats`.
    public var statistics: RunStatistics
    /// The inputs, in order.
    public var sources: [InputSource]
    /// Inputs that could not be opened or walked.
    public var unusableInputs: Int

    /// The same run with each input's state transformed (e.g. dropped once merged).
    public func mapStates<Other: Sendable>(_ transform: (State) -> Other) -> InputRun<Other> {
        InputRun<Other>(
            states: states.map { $0.map(transform) }, diagnostics: diagnostics, statistics: statistics, sources: sources,
            unusableInputs: unusableInputs)
    }
}

/// Runs a decoding job over every input of a run on all cores, one input per worker, and
/// merges the per-input diagnostics and counters in input order.
///
/// When there are fewer inputs than workers, compressed inputs are pipelined (inflate on a
/// background thread), so a single large file still uses two cores.
public enum InputRunner {
    /// Runs `job` on every input.
    ///
    /// - Parameters:
    ///   - options: the inputs and limits.
    ///   - acceptingUnknownFormats: hand inputs of no known format to `job` too (for `detect`).
    ///     Otherwise they are reported as `unknown format` at their path and count as unusable
    ///     (the S3 export permission probe is counted as ignored instead).
    ///   - job: decodes one opened input into a state and returns it with its record count;
    ///     it records bad records in the diagnostics it is given.
    public static func run<State: Sendable>(
        _ options: RunOptions, acceptingUnknownFormats: Bool = false,
        _ job: @Sendable (OpenedInput, inout Diagnostics) -> (state: State, records: Int)
    ) -> InputRun<State> {
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
        let pipelined = sources.count < options.workers
        // Under --strict the first bad record ends the run: inputs not yet started are not read.
        let stopped = Atomic<Bool>(false)
        let results = ParallelMap.run(sources.count, workers: options.workers) { index -> PerInput<State> in
            var local = Diagnostics(strict: options.strict)
            var statistics = RunStatistics()
            if stopped.load(ordering: .relaxed) {
                return PerInput(state: nil, diagnostics: local, statistics: statistics)
            }
            let opened: OpenedInput
            do throws(InputError) {
                opened = try OpenedInput.open(
                    sources[index], forcedFormat: options.inputFormat, pipelined: pipelined, maxRecordBytes: options.maxRecordBytes)
            } catch {
                local.record(DecodeError(error))
                if local.shouldStop { stopped.store(true, ordering: .relaxed) }
                return PerInput(state: nil, diagnostics: local, statistics: statistics)
            }
            if opened.format == .unknown && !acceptingUnknownFormats {
                let location = InputLocation(source: opened.source.name)
                if opened.reason == FormatDetector.exportProbeReason {
                    local.record(DecodeError(.ignored(FormatDetector.exportProbeReason), at: location))
                } else {
                    local.record(DecodeError(.unknownFormat(opened.reason), at: location))
                }
                if local.shouldStop { stopped.store(true, ordering: .relaxed) }
                return PerInput(state: nil, diagnostics: local, statistics: statistics)
            }
            let (state, records) = job(opened, &local)
            if local.shouldStop { stopped.store(true, ordering: .relaxed) }
            statistics.inputs = 1
            statistics.bytesIn = opened.reader.compressedBytesRead
            statistics.bytesDecompressed = opened.reader.decompressedBytesRead
            statistics.inputsByFormat[opened.format.rawValue] = 1
            statistics.recordsByFormat[opened.format.rawValue] = records
            return PerInput(state: state, diagnostics: local, statistics: statistics)
        }
        var statistics = RunStatistics()
        var states: [State?] = []
        states.reserveCapacity(results.count)
        var unusable = problems.count
        for result in results {
            diagnostics.merge(result.diagnostics)
            statistics.merge(result.statistics)
            states.append(result.state)
            if result.state == nil { unusable += 1 }
        }
        let elapsed = clock.now - started
        statistics.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return InputRun(states: states, diagnostics: diagnostics, statistics: statistics, sources: sources, unusableInputs: unusable)
    }
}

private struct PerInput<State: Sendable>: Sendable {
    var state: State?
    var diagnostics: Diagnostics
    var statistics: RunStatistics
}
