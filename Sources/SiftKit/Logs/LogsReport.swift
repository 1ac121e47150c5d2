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
public struct LogsReport: Report {
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

    /// The options.
    public let options: Options
    /// Where streamed events are written; `nil` when the events are collected as rows.
    private let output: SharedOutput?

    /// A report that collects the kept events as its rows (bounded and sorted as asked).
    public init(_ options: Options) {
        self.options = options
        output = nil
    }

    /// A report that writes the kept events to `out` as it reads them (input order), unless
    /// `options` needs buffering, in which case they are collected as rows.
    public init(_ options: Options, streamingTo out: OutputWriter) {
        self.options = options
        output = options.needsBuffering ? nil : SharedOutput(out)
    }

    /// Prints the events of every input and returns what was read and skipped.
    public static func run(_ run: RunOptions, _ options: Options, to out: OutputWriter) -> RunOutcome {
        if options.style == .csv { out.write(LogEventEncoder.csvHeader) }
        var report = LogsReport(options, streamingTo: out)
        if report.output != nil { return ReportRunner.decodeAll(&report, run).outcome }
        // Buffered: the kept events of every input, bounded and sorted, then printed.
        let (rows, outcome) = ReportRunner.rows(report, run)
        var line: [UInt8] = []
        line.reserveCapacity(1 << 16)
        for event in rows {
            guard out.isOpen else { break }
            let message = Array(event.message.utf8)
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
            if line.count >= 1 << 16 {
                out.write(line)
                line.removeAll(keepingCapacity: true)
            }
        }
        if !line.isEmpty { out.write(line) }
        return outcome
    }

    public var readsInputsInOrder: Bool { output != nil }

    public var isFinished: Bool { !(output?.writer.isOpen ?? true) }

    public func makePartial() -> Partial {
        if let output {
            return Partial(
                options, output: output, since: options.since?.resolve(latestMillis: 0), until: options.until?.resolve(latestMillis: 0))
        }
        let since = options.since.flatMap { $0.isRelative ? nil : $0.resolve(latestMillis: 0) }
        let until = options.until.flatMap { $0.isRelative ? nil : $0.resolve(latestMillis: 0) }
        return Partial(options, output: nil, since: since, until: until)
    }

    /// The collected events with relative bounds applied (from the latest event), sorted when asked.
    public func rows(from merged: inout Partial, _ diagnostics: inout Diagnostics, _ statistics: inout RunStatistics) -> [LogEvent] {
        var events = merged.events
        merged.events = []
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
        return events
    }

    /// The events as a table: time, group, stream, event id and message.
    public func table(_ rows: [LogEvent], of merged: Partial) -> Table {
        var table = Table(columns: [
            .init("timestamp", .string), .init("group", .string), .init("stream", .string), .init("event_id", .string),
            .init("message", .string),
        ])
        for event in rows {
            table.append([
                .string(event.timestamp.description), event.group.map { .string($0) } ?? .null,
                event.stream.map { .string($0) } ?? .null, event.eventID.map { .string($0) } ?? .null, .string(event.message),
            ])
        }
        return table
    }

    /// Appends one event in the output style.
    static func encode(_ event: LogEventView, _ options: Options, to line: inout [UInt8]) {
        switch options.style {
        case .text: LogEventEncoder.appendText(event, to: &line)
        case .message: LogEventEncoder.appendMessage(event, to: &line)
        case .json: LogEventEncoder.appendJSON(event, withLocation: options.withLocation, to: &line)
        case .csv: LogEventEncoder.appendCSV(event, to: &line)
        }
    }

    /// Per-input state: the event filter, and either the output (streaming) or the kept events.
    public struct Partial: ReportPartial {
        // Streaming reads one input at a time (``readsInputsInOrder``), so one thread writes at a time.
        private var selector: EventSelector
        private let options: Options
        private let output: SharedOutput?
        private var line: [UInt8] = []
        /// The kept events (when collecting).
        var events: [LogEvent] = []

        init(_ options: Options, output: SharedOutput?, since: Int64?, until: Int64?) {
            self.options = options
            self.output = output
            selector = EventSelector(options, since: since, until: until)
            if output != nil { line.reserveCapacity(1 << 16) }
        }

        public var demand: RecordDemand { .logEvents }

        public mutating func logEvent(_ event: LogEventView, _ diagnostics: inout Diagnostics) -> Bool {
            guard selector.admits(event) else { return true }
            guard let output else {
                events.append(event.makeLogEvent())
                return true
            }
            LogsReport.encode(event, options, to: &line)
            if line.count >= 1 << 16 {
                output.writer.write(line)
                line.removeAll(keepingCapacity: true)
                return output.writer.isOpen
            }
            return true
        }

        public mutating func finishInput(_ input: OpenedInput, records: Int, _ diagnostics: inout Diagnostics) {
            if let output, !line.isEmpty {
                output.writer.write(line)
                line.removeAll(keepingCapacity: true)
            }
        }

        public mutating func merge(_ other: Partial, _ diagnostics: inout Diagnostics) {
            events += other.events
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
