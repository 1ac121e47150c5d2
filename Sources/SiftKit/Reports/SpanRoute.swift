import SiftJSON
import SiftModel
import SiftQuery

extension Span {
    /// The request route of a segment: annotation `route`/`http_route`/`http.route`, then
    /// `metadata.*["http.route"]`, then the URL path through `templater`; `nil` without HTTP.
    public func route(templater: RouteTemplater) -> String? {
        for key in ["route", "http_route", "http.route"] {
            if case .string(let route)? = annotations[key] { return route }
        }
        if var text = metadataJSON, let metadata = text.withUTF8({ try? JSONValue.parse(UnsafeRawBufferPointer($0)) }) {
            for (_, namespace) in metadata.objectValue ?? [] {
                if let route = namespace["http.route"]?.stringValue { return route }
            }
        }
        guard let url = http?.url else { return http?.method == nil ? nil : "/" }
        var text = url
        let path = text.withUTF8 { String(decoding: URLPath.path(of: UnsafeRawBufferPointer($0)), as: UTF8.self) }
        return templater.template(forPath: path)
    }
}
