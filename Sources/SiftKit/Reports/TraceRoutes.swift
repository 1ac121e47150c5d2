import SiftBytes
import SiftFormats
import SiftJSON

/// Resolves the route of a request segment, the same way for every report: an annotation
/// (`route`, `http_route`, `http.route`), `metadata.*["http.route"]`, a `--routes` template, or
/// the URL path auto-templated. Results are interned, so repeated routes cost a hash lookup.
struct RouteResolver {
    let templater: RouteTemplater
    private var pathRoutes: [Int32: Int32] = [:]
    /// Reused output of `RouteTemplater.autoTemplate`.
    private var templateBytes: [UInt8] = []
    private var metadataScanner = JSONScanner(UnsafeRawBufferPointer(start: nil, count: 0))

    init(templater: RouteTemplater) { self.templater = templater }

    /// The interned route of a request segment.
    mutating func route(of node: XRayNode, _ interner: inout ByteInterner) -> Int32 {
        route(annotation: node.routeAnnotation, metadataJSON: node.metadataJSON, url: node.httpURL, &interner)
    }

    /// The interned route from its three sources, in order: a route annotation's value, the
    /// `metadata` object's text, the request URL (each empty when absent; no URL means `/`).
    mutating func route(
        annotation: UnsafeRawBufferPointer, metadataJSON: UnsafeRawBufferPointer, url: UnsafeRawBufferPointer,
        _ interner: inout ByteInterner
    ) -> Int32 {
        if !annotation.isEmpty { return interner.intern(annotation) }
        if !metadataJSON.isEmpty, let route = metadataRoute(metadataJSON) { return interner.intern(route) }
        let path = URLPath.path(of: url)
        let pathID = interner.intern(path)
        if let known = pathRoutes[pathID] { return known }
        let routeID: Int32
        if !templater.hasTemplates, RouteTemplater.autoTemplate(path, into: &templateBytes) {
            routeID = templateBytes.withUnsafeBytes { interner.intern($0) }
        } else {
            routeID = interner.intern(templater.template(forPath: String(decoding: path, as: UTF8.self)))
        }
        if pathRoutes.count < 100_000 { pathRoutes[pathID] = routeID }
        return routeID
    }

    /// `metadata.<namespace>["http.route"]`, as the ADOT collector writes it.
    mutating func metadataRoute(_ metadata: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        metadataScanner.reset(metadata)
        do throws(JSONScanError) {
            guard try metadataScanner.peekKind() == .object else { return nil }
            try metadataScanner.beginObject()
            while try metadataScanner.nextKey() != nil {
                guard try metadataScanner.peekKind() == .object else {
                    try metadataScanner.skipValue()
                    continue
                }
                try metadataScanner.beginObject()
                while let key = try metadataScanner.nextKey() {
                    if key.equals("http.route"), try metadataScanner.peekKind() == .string {
                        return try metadataScanner.readStringBytes()
                    }
                    try metadataScanner.skipValue()
                }
            }
        } catch {
            return nil
        }
        return nil
    }
}

/// The request route of each trace, collected from its segments, keyed by a 64-bit hash of the
/// trace id; merged across inputs because a trace's documents can be in several files.
///
/// Memory grows with the number of traces (about 40 bytes each).
public struct TraceRouteTable: Sendable {
    /// The route (`METHOD route`) of each trace hash.
    public private(set) var routes: [UInt64: String] = [:]

    /// Creates an empty table.
    public init() {}

    /// Records the route of a trace (the first one seen wins).
    public mutating func record(trace: UInt64, route: String) {
        if routes[trace] == nil { routes[trace] = route }
    }

    /// Adds another input's routes.
    public mutating func merge(_ other: TraceRouteTable) {
        routes.merge(other.routes) { mine, _ in mine }
    }
}
