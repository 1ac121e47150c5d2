import ArgumentParser
import SiftKit

/// Filters and ordering shared by the span reports.
struct ReportFilterOptions: ParsableArguments {
    @Option(name: .long, help: "Only spans starting at or after this time (ISO 8601 or epoch milliseconds).")
    var since: String?

    @Option(name: .long, help: "Only spans starting before this time (ISO 8601 or epoch milliseconds).")
    var until: String?

    @Option(name: .long, help: "Only this service (repeatable).")
    var service: [String] = []

    @Option(name: .long, help: "Only routes matching this glob, e.g. '/collections/*'.")
    var route: String?

    @Option(name: .long, help: "Only spans at least this many milliseconds long.")
    var minDuration: Double?

    @Option(name: .long, help: "At most this many rows.")
    var limit: Int?

    func validate() throws {
        if let since, Timestamp(parsing: since) == nil { throw ValidationError("--since: cannot read '\(since)' as a time.") }
        if let until, Timestamp(parsing: until) == nil { throw ValidationError("--until: cannot read '\(until)' as a time.") }
        if let limit, limit < 0 { throw ValidationError("--limit must not be negative.") }
    }

    /// The span filter these flags describe.
    var spanFilter: SpanFilter {
        var filter = SpanFilter()
        filter.since = since.flatMap { Timestamp(parsing: $0) }
        filter.until = until.flatMap { Timestamp(parsing: $0) }
        filter.services = service
        filter.routeGlob = route
        filter.minDurationMilliseconds = minDuration
        return filter
    }
}
