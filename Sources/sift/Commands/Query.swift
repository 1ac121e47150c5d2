import ArgumentParser
import Foundation
import SiftKit

extension QuerySource: ExpressibleByArgument {}

extension Sift {
    /// `sift query`: a CloudWatch Logs Insights query over the inputs, offline.
    struct QueryCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "query",
            abstract: "Run a CloudWatch Logs Insights query over log events, spans or EMF metrics, offline.",
            discussion: """
                Commands: fields, display, filter, stats, sort, limit, parse, dedup, unnest, separated by '|'.
                Span rows have trace_id, id, parent_id, name, service, kind, origin, duration (ms), start, end,
                http.method, http.url, http.status, route, sql.query, sql.fingerprint, sql.database, error, fault,
                throttle, exception.type, exception.message, annotation.*, metadata.*, aws.*; OpenTelemetry spans
                also span_kind, status, scope.name, attributes.*, resource.*; --source traces
                adds self (ms) and depth from assembled traces. Log rows have @timestamp, @message, @logStream, @log,
                @ingestionTime and JSON members flattened with dots; metric rows have namespace, metric, unit, value,
                count and the dimensions. pct is exact nearest-rank; there is no 10,000-row cap.

                Examples:
                  sift query 'stats count(*), pct(duration, 95) by service, http.method, route' exports/xray/
                  sift query 'filter ispresent(sql.query) | stats sum(duration) as total by sql.fingerprint | sort total desc | limit 5' capture.udp
                  sift query -f slow.insights --format csv segments.jsonl.gz
                """)

        @Argument(help: "The query (omit with -f).")
        var query: String?

        @Option(name: .customShort("f"), help: ArgumentHelp("Read the query from a file.", valueName: "file"))
        var queryFile: String?

        @Option(name: .long, help: "Rows: logs, spans, traces (spans with self and depth) or metrics; default: what the first input holds.")
        var source: QuerySource?

        @Option(name: .long, help: ArgumentHelp("Route templates, one per line (/items/{id}).", valueName: "file"))
        var routes: String?

        @OptionGroup var input: InputOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            var text = query
            var run = input.runOptions
            if let queryFile {
                // With -f, the first positional argument is an input path, not the query.
                if let query { run.paths.insert(query, at: 0) }
                do {
                    text = try String(contentsOfFile: queryFile, encoding: .utf8)
                } catch {
                    throw ValidationError("-f \(queryFile): cannot read the query (\(error.localizedDescription))")
                }
            }
            guard let text else { throw ValidationError("give a query, or -f FILE") }
            let parsed: SiftKit.Query
            do {
                parsed = try SiftKit.Query(text)
            } catch {
                CommandSupport.warn(error.description)
                throw SiftExit.usage
            }
            var options = QueryReport.Options()
            options.source = source
            options.routeTemplates = try RouteTemplatesFile.read(routes)
            try CommandSupport.run(QueryReport(parsed, options), run, output)
        }
    }
}
