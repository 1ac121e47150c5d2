import SiftBytes
import SiftFormats
import SiftModel
import SiftRender

/// `sift logs`: CloudWatch log events from any export shape, filtered, optionally sorted, printed
/// as text lines, JSON Lines or CSV.
///
/// Without `sort` and without relative time bounds, events stream straight to the output in input
/// order (inputs in the order given, events in file order), in constant memory. Sorting, or a
/// `--since`/`--until` relative to the latest event (`-2h`), buffers the kept events of every
/// input (memory grows with them) and then prints them; sorting is by timestamp with input order
/// as the tie-break, so it is stable.
///
/// Duplicates (at-least-once delivery, overlapping exports) are printed as they appear.
public enum LogsReport {
    /// How events are printed.
    public enum Style: Sendable {
        /// `<ISO timestamp> <stream> <message>` lines.
        case text
        /// The message alone.
        case message
        /// JSON Lines (see ``LogEventEncoder/appendJSON(_:withLocation:to:)``).
        case json
        /// CSV with a header row.
        case csv
    }

    /// What to keep and how to print it.
    public struct Options: Sendable {
        /// Keep events at or after this time.
        public var since: LogTimeBound?
        /// Keep events before this time.
        public var until: LogTimeBound?
        /// Keep events whose stream matches this glob (`*`, `?`).
        public var streamGlob: String?
        /// Keep events whose message this filter accepts (`--filter`).
        public var messageFilter: (any LogMessageFilter)?
        /// Sort by timestamp (stable on input order).
        public var sort = false
        /// The output style.
        public var style = Style.text
        /// Add `@source`, `@line`/`@record` and `@offset` to JSON lines.
        public var withLocation = true

        /// Creates options that keep everything, unsorted, as text.
        public init() {}

        /// Whether events must be buffered before printing.
        public var needsBuffering: Bool { sort || (since?.isRelative ?? false) || (until?.isRelative ?? false) }
    }

    /// Prints the events of every input and returns the run (its state per input is the number of events printed).
    public static func run(_ run: RunOptions, _ options: Options, to out: OutputWriter) -> InputRun<Int> {
        if options.style == .csv { out.write(LogEventEncoder.csvHeader) }
        return options.needsBuffering ? buffered(run, options, to: out) : streaming(run, options, to: out)
    }

    private static func streaming(_ run: RunOptions, _ options: Options, to out: OutputWriter) -> InputRun<Int> {
        var sequential = run
        sequential.workers = 1
        nonisolated(unsafe) let output = out
        let since = options.since?.resolve(latestMillis: 0)
        let until = options.until?.resolve(latestMillis: 0)
        return InputRunner.run(sequential) { input, diagnostics in
            guard output.isOpen else { return (0, 0) }
            var selector = EventSelector(options, since: since, until: until)
            var line: [UInt8] = []
            line.reserveCapacity(1 << 16)
            var printed = 0
            var read = 0
            var reader = LogEventReader(
                input.stream, format: input.format, framing: input.framing, path: input.source.name, logGroup: run.logGroup,
                maxRecordBytes: run.maxRecordBytes)
            reader.forEachEvent(&diagnostics) { event, _ in
                read += 1
                guard selector.admits(event) else { return }
                printed += 1
                encode(event, options, to: &line)
                if line.count >= 1 << 16 {
                    output.write(line)
                    line.removeAll(keepingCapacity: true)
                }
            }
            if !line.isEmpty { output.write(line) }
            return (printed, read)
        }
    }

    private static func buffered(_ run: RunOptions, _ options: Options, to out: OutputWriter) -> InputRun<Int> {
        let since = options.since.flatMap { $0.isRelative ? nil : $0.resolve(latestMillis: 0) }
        let until = options.until.flatMap { $0.isRelative ? nil : $0.resolve(latestMillis: 0) }
        let collected = InputRunner.run(run) { input, diagnostics -> (state: [LogEvent], records: Int) in
            var selector = EventSelector(options, since: since, until: until)
            var events: [LogEvent] = []
            var read = 0
            var reader = LogEventReader(
                input.stream, format: input.format, framing: input.framing, path: input.source.name, logGroup: run.logGroup,
                maxRecordBytes: run.maxRecordBytes)
            reader.forEachEvent(&diagnostics) { event, _ in
                read += 1
                if selector.admits(event) { events.append(event.makeLogEvent()) }
            }
            return (events, read)
        }
        var events = collected.states.flatMap { $0 ?? [] }
        let latest = events.lazy.map(\.timestamp.millisecondsSinceEpoch).max() ?? 0
        if let since = options.since, since.isRelative {
            let bound = since.resolve(latestMillis: latest)
            events.removeAll { $0.timestamp.millisecondsSinceEpoch < bound }
        }
        if let until = options.until, until.isRelative {
            let bound = until.resolve(latestMillis: latest)
            events.removeAll { $0.timestamp.millisecondsSinceEpoch >= bound }
        }
        if options.sort {
            // Sort indices by (timestamp, input order): stable whatever the sort algorithm.
            let order = events.indices.sorted {
                let a = events[$0].timestamp, b = events[$1].timestamp
                return a != b ? a < b : $0 < $1
            }
            events = order.map { events[$0] }
        }
        var line: [UInt8] = []
        line.reserveCapacity(1 << 16)
        for event in events {
            guard out.isOpen else { break }
            var message = Array(event.message.utf8)
            var eventID = Array((event.eventID ?? "").utf8)
            message.withUnsafeBytes { messageBytes in
                eventID.withUnsafeMutableBytes { idBytes in
                    let view = LogEventView(
                        timestampMillis: event.timestamp.millisecondsSinceEpoch,
                        ingestionTimeMillis: event.ingestionTime?.millisecondsSinceEpoch, group: event.group, stream: event.stream,
                        eventID: UnsafeRawBufferPointer(idBytes), message: messageBytes, location: event.location)
                    encode(view, options, to: &line)
                }
            }
            message.removeAll()
            eventID.removeAll()
            if line.count >= 1 << 16 {
                out.write(line)
                line.removeAll(keepingCapacity: true)
            }
        }
        if !line.isEmpty { out.write(line) }
        return InputRun(
            states: collected.states.map { $0.map(\.count) }, diagnostics: collected.diagnostics, statistics: collected.statistics,
            sources: collected.sources, unusableInputs: collected.unusableInputs)
    }

    private static func encode(_ event: LogEventView, _ options: Options, to line: inout [UInt8]) {
        switch options.style {
        case .text: LogEventEncoder.appendText(event, to: &line)
        case .message: LogEventEncoder.appendMessage(event, to: &line)
        case .json: LogEventEncoder.appendJSON(event, withLocation: options.withLocation, to: &line)
        case .csv: LogEventEncoder.appendCSV(event, to: &line)
        }
    }
}

/// The per-event filters of ``LogsReport``: absolute time bounds, stream glob, message filter.
///
/// The stream glob's answer is cached per stream name (one per file or payload), so the glob runs
/// once per stream, not per event.
struct EventSelector {
    let since: Int64?
    let until: Int64?
    let streamGlob: String?
    let messageFilter: (any LogMessageFilter)?
    private var lastStream: String?
    private var lastStreamAdmitted = true

    init(_ options: LogsReport.Options, since: Int64?, until: Int64?) {
        self.since = since
        self.until = until
        streamGlob = options.streamGlob
        messageFilter = options.messageFilter
    }

    mutating func admits(_ event: LogEventView) -> Bool {
        if let since, event.timestampMillis < since { return false }
        if let until, event.timestampMillis >= until { return false }
        if let streamGlob {
            guard let stream = event.stream else { return false }
            if stream != lastStream {
                lastStream = stream
                lastStreamAdmitted = Glob.matches(streamGlob, stream)
            }
            if !lastStreamAdmitted { return false }
        }
        if let messageFilter, !messageFilter.matches(event.message) { return false }
        return true
    }
}
