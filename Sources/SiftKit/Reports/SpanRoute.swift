import SiftBytes
import SiftModel
import SiftQuery

extension Span {
    /// The request route of a segment, by the rule every report applies (``RouteResolver``):
    /// annotation `route`, else `http_route`, else `http.route`; then `metadata.*["http.route"]`;
    /// then the URL path through `templater`; `nil` without HTTP.
    ///
    /// A parsed document takes the first of the three annotations in document order; a `Span`
    /// no longer knows that order, so it takes them in the order above.
    public func route(templater: RouteTemplater) -> String? {
        var annotation: String?
        for key in ["route", "http_route", "http.route"] where annotation == nil {
            if case .string(let route)? = annotations[key] { annotation = route }
        }
        var resolver = RouteResolver(templater: templater)
        var metadataBytes = Array((metadataJSON ?? "").utf8)
        if annotation == nil && http?.url == nil {
            // No URL: the metadata route, else `/` for a request and nothing for other spans.
            let route = metadataBytes.withUnsafeBytes { resolver.metadataRoute($0).map { String(decoding: $0, as: UTF8.self) } }
            return route ?? (http?.method == nil ? nil : "/")
        }
        var interner = ByteInterner()
        var (annotationBytes, urlBytes) = (Array((annotation ?? "").utf8), Array((http?.url ?? "").utf8))
        let id = annotationBytes.withUnsafeMutableBytes { a in
            metadataBytes.withUnsafeMutableBytes { m in
                urlBytes.withUnsafeMutableBytes { u in
                    resolver.route(annotation: UnsafeRawBufferPointer(a), metadataJSON: UnsafeRawBufferPointer(m), url: UnsafeRawBufferPointer(u), &interner)
                }
            }
        }
        return interner.string(id)
    }
}
