import ArgumentParser
import SiftKit

/// The flags every span report command shares: the inputs, the output, filters, `--routes`,
/// `--sort` and `--limit`.
///
/// `--sort` left out means the report's own default order (`endpoints`: p95_ms, `sql`:
/// total_ms, `errors`: count, `traces`: duration_ms; all descending).
struct SpanReportOptions: ParsableArguments {
    @OptionGroup var input: InputOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var filters: ReportFilterOptions

    @Option(name: .long, help: ArgumentHelp("Route templates, one per line (/items/{id}).", valueName: "file"))
    var routes: String?

    @Option(name: .long, help: "Sort by this column, optionally :asc or :desc (default: the report's own order).")
    var sort: String?

    func validate() throws {
        _ = try RouteTemplatesFile.read(routes)
    }

    /// The span filter and the route templates of `--routes` (checked readable in ``validate()``).
    var selection: SpanSelection {
        SpanSelection(filter: filters.spanFilter, routeTemplates: (try? RouteTemplatesFile.read(routes)) ?? [])
    }

    /// Runs `report` over the inputs in `--sort`/`--limit` order and prints it.
    func run<R: Report>(_ report: R) throws {
        try CommandSupport.run(report, input.runOptions, output, order: order(for: report))
    }

    /// `--sort`/`--limit` over `report`'s default order.
    private func order<R: Report>(for report: R) -> ReportOrder? {
        if let sort { return ReportOrder(parsing: sort, limit: filters.limit) }
        guard var order = report.defaultOrder else { return nil }
        order.limit = filters.limit
        return order
    }
}

/// Reads `--routes FILE`: one template per line, blank lines and `#` comments ignored.
enum RouteTemplatesFile {
    static func read(_ path: String?) throws -> [String] {
        guard let path else { return [] }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ValidationError("--routes: cannot read \(path)")
        }
        return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }
}
