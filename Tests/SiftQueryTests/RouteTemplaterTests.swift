import Testing
@testable import SiftQuery

@Suite struct RouteTemplaterTests {
    let routes = RouteTemplater(templates: [
        "# OGC API routes",
        "/",
        "/collections",
        "/collections/{collection_id}",
        "/collections/{collection_id}/items",
        "/collections/{collection_id}/items/{item_id}",
        "/collections/{collection_id}/queryables",
        "/collections/special/items/{item_id}",
        "  /a/{x}/c  ",
        "/a/b/{y}",
        "",
    ])

    @Test("Templates match segment-wise; literals beat parameters", arguments: [
        ("/", "/"),
        ("/collections", "/collections"),
        ("/collections/roads", "/collections/{collection_id}"),
        ("/collections/roads/items?limit=100&bbox=1,2,3,4", "/collections/{collection_id}/items"),
        ("/collections/roads/items/r-492470#frag", "/collections/{collection_id}/items/{item_id}"),
        ("/collections/special/items/x1", "/collections/special/items/{item_id}"),
        ("/collections/roads/queryables", "/collections/{collection_id}/queryables"),
        ("/a/b/c", "/a/b/{y}"),
        ("/a/z/c", "/a/{x}/c"),
    ])
    func matching(path: String, expected: String) {
        #expect(routes.template(forPath: path) == expected)
    }

    @Test("Unmatched paths are auto-templated", arguments: [
        ("/orders/12345/lines", "/orders/{id}/lines"),
        ("/u/550e8400-e29b-41d4-a716-446655440000", "/u/{id}"),
        ("/blob/deadbeef42", "/blob/{id}"),
        ("/blob/deadbeef", "/blob/deadbeef"),
        ("/t/AbC123xyz789QWE456", "/t/{id}"),
        ("/favicon.ico", "/favicon.ico"),
        ("/collections/roads/items/r-1/extra", "/collections/roads/items/r-1/extra"),
        ("/collections//items", "/collections//items"),
        ("/v2/users", "/v2/users"),
        ("/order_12345?x=1#f", "/{id}"),
        ("/", "/"),
        ("", ""),
        ("/a/SKU-79436/", "/a/{id}/"),
    ])
    func auto(path: String, expected: String) {
        #expect(routes.template(forPath: path) == expected)
        #expect(RouteTemplater(templates: []).template(forPath: path) == expected)
        var output: [UInt8] = []
        let done = Array(path.utf8).withUnsafeBytes { RouteTemplater.autoTemplate($0, into: &output) }
        #expect(done)
        #expect(String(decoding: output, as: UTF8.self) == expected)
    }

    @Test("Byte auto-templating declines non-ASCII paths")
    func autoDeclinesNonASCII() {
        var output: [UInt8] = []
        let done = Array("/caf\u{E9}/12345".utf8).withUnsafeBytes { RouteTemplater.autoTemplate($0, into: &output) }
        #expect(!done)
        #expect(!RouteTemplater(templates: []).hasTemplates)
        #expect(routes.hasTemplates)
    }
}
