import SiftQuery

/// What a span report selects and how it names requests: the span filter (`--since`,
/// `--until`, `--service`, `--route`, `--min-duration`) and the route templates of
/// `--routes FILE` for segments without a route annotation.
///
/// It is the whole of ``EndpointsReport/Options`` and ``ErrorsReport/Options``; the options of
/// ``SQLReport`` and ``TracesReport`` carry one as ``SpanSelecting/selection`` and read its
/// members as their own, so every span report is configured the same way:
///
/// ```swift
/// var options = EndpointsReport.Options()
/// options.filter.since = Timestamp(parsing: "2024-05-01T08:00:00Z")
/// options.routeTemplates = ["/collections/{collection_id}/items/{item_id}"]
/// let rows = SiftInputs(["xray/"]).endpoints(options)
/// ```
public struct SpanSelection: Sendable {
    /// The filters.
    public var filter: SpanFilter
    /// Route templates (`--routes FILE`), for segments without a route annotation.
    public var routeTemplates: [String] {
        didSet { templater = RouteTemplater(templates: routeTemplates) }
    }
    /// ``routeTemplates``, compiled.
    private(set) var templater: RouteTemplater

    /// Creates a selection; the defaults keep every span and auto-template every route.
    public init(filter: SpanFilter = SpanFilter(), routeTemplates: [String] = []) {
        self.filter = filter
        self.routeTemplates = routeTemplates
        templater = RouteTemplater(templates: routeTemplates)
    }
}

/// Report options that carry a ``SpanSelection`` besides options of their own, with the
/// selection's ``filter`` and ``routeTemplates`` read and written as the options' own.
public protocol SpanSelecting {
    /// The span filter and route templates.
    var selection: SpanSelection { get set }
}

extension SpanSelecting {
    /// The filters (``SpanSelection/filter``).
    public var filter: SpanFilter {
        get { selection.filter }
        set { selection.filter = newValue }
    }

    /// The route templates (``SpanSelection/routeTemplates``).
    public var routeTemplates: [String] {
        get { selection.routeTemplates }
        set { selection.routeTemplates = newValue }
    }
}
