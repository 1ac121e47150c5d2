import SiftFormats
import SiftJSON
import Testing

/// `XRayDocumentParser`: nodes written in place, and subsegments skipped structurally.
@Suite struct XRayDocumentParserTests {
    private static let document = #"""
        {"id":"a1","trace_id":"1-5f-abc","name":"api","start_time":1700000000.125,"end_time":1700000000.5,
         "http":{"request":{"method":"GET","url":"http://h/orders/1"},"response":{"status":404}},
         "annotations":{"route":"/orders/{id}"},
         "subsegments":[{"id":"b2","name":"db","start_time":1700000000.2,"end_time":1700000000.3,
           "sql":{"sanitized_query":"SELECT \"x\" FROM t","url":"postgres://h/shop"},
           "subsegments":[{"id":"c3","name":"inner","fault":true}]}]}
        """#

    @Test("Every field of every node is filled, subsegments inherit the trace id")
    func fields() throws {
        try Array(Self.document.utf8).withUnsafeBytes { buffer in
            var parser = XRayDocumentParser()
            defer { parser.deallocate() }
            try parser.parse(buffer)
            let nodes = parser.nodes
            #expect(nodes.count == 3)
            #expect(String(decoding: nodes[0].name, as: UTF8.self) == "api")
            #expect(String(decoding: nodes[0].httpMethod, as: UTF8.self) == "GET")
            #expect(nodes[0].httpStatus == 404)
            #expect(String(decoding: nodes[0].routeAnnotation, as: UTF8.self) == "/orders/{id}")
            #expect(String(decoding: nodes[0].startTimeText, as: UTF8.self) == "1700000000.125")
            #expect(nodes[0].durationMilliseconds == 375)
            #expect(nodes[1].parentIndex == 0 && nodes[1].depth == 1 && nodes[1].hasSQL)
            #expect(String(decoding: nodes[1].sqlQuery, as: UTF8.self) == #"SELECT "x" FROM t"#)
            #expect(String(decoding: nodes[1].traceID, as: UTF8.self) == "1-5f-abc")
            #expect(nodes[2].parentIndex == 1 && nodes[2].depth == 2 && nodes[2].fault)
        }
    }

    @Test("Without subsegments only the root is a node and subsegment interiors are not validated")
    func skippedSubsegments() throws {
        let sloppy = #"{"id":"a","trace_id":"t","name":"n","subsegments":[{"id":"b","bad":"\q",1..2}],"end_time":2}"#
        try Array(sloppy.utf8).withUnsafeBytes { buffer in
            var parser = XRayDocumentParser(includeSubsegments: false)
            defer { parser.deallocate() }
            try parser.parse(buffer)
            #expect(parser.nodes.count == 1)
            #expect(parser.nodes[0].endTime == 2)
            #expect(throws: JSONScanError.self) {
                var full = XRayDocumentParser(includeSubsegments: true)
                defer { full.deallocate() }
                try full.parse(buffer)
            }
        }
    }

    @Test("Truncated or unbalanced subsegments still reject the document when skipped")
    func skippedStructureErrors() {
        for text in [#"{"id":"a","subsegments":[{"id":"b"}"#, #"{"id":"a","subsegments":[{"id":"b"]]}"#, #"{"id":"a","subsegments":["x}]}"#] {
            Array(text.utf8).withUnsafeBytes { buffer in
                var parser = XRayDocumentParser(includeSubsegments: false)
                defer { parser.deallocate() }
                #expect(throws: JSONScanError.self, "\(text)") { try parser.parse(buffer) }
            }
        }
    }

    @Test("SQL-only subsegments keep SQL fields, leave the rest empty and still validate them")
    func sqlOnlySubsegments() throws {
        let text = #"{"id":"a","trace_id":"t","name":"root","start_time":1,"end_time":2,"subsegments":[{"id":"b","name":"db","start_time":1.25,"end_time":1.5,"fault":true,"http":{"request":{"method":"GET"}},"sql":{"sanitized_query":"SELECT 1","url":"pg://h/app"},"subsegments":[{"id":"c","trace_id":"u","in_progress":true,"sql":{"user":"me"}}]}]}"#
        try Array(text.utf8).withUnsafeBytes { buffer in
            var parser = XRayDocumentParser(readsOnlySQLFieldsOfSubsegments: true)
            defer { parser.deallocate() }
            try parser.parse(buffer)
            #expect(parser.nodes.count == 3)
            #expect(parser.nodes[0].id.equals("a") && parser.nodes[0].name.equals("root"))
            let db = parser.nodes[1]
            #expect(db.id.isEmpty && db.name.isEmpty && db.httpMethod.isEmpty && !db.hasHTTP)
            #expect(db.sqlQuery.equals("SELECT 1") && db.sqlURL.equals("pg://h/app") && db.fault)
            #expect(db.durationMilliseconds == 250 && db.traceID.equals("t") && db.parentIndex == 0)
            #expect(parser.nodes[2].inProgress && parser.nodes[2].traceID.equals("u") && parser.nodes[2].sqlUser.equals("me"))
            #expect(parser.nodes[2].depth == 2 && parser.nodes[2].parentIndex == 1)
        }
        let invalid = #"{"id":"a","subsegments":[{"id":"b","name":"\q"}]}"#
        Array(invalid.utf8).withUnsafeBytes { buffer in
            var parser = XRayDocumentParser(readsOnlySQLFieldsOfSubsegments: true)
            defer { parser.deallocate() }
            #expect(throws: JSONScanError.self) { try parser.parse(buffer) }
        }
    }
}
