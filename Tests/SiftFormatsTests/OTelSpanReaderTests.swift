import Foundation
import SiftFormats
import SiftJSON
import SiftModel
import Testing

/// `OTelSpanReader`: OTLP/JSON and Transaction Search spans mapped to X-Ray nodes.
@Suite struct OTelSpanReaderTests {
    /// An owned copy of what a node lends, read during the callback.
    struct Snapshot {
        var traceID, id, parentID, name, type, namespace: String
        var isSegment: Bool
        var method, url, route, clientIP, userAgent: String
        var status: Int?
        var fault, error, throttle: Bool
        var hasSQL: Bool
        var sqlQuery, sqlURL, sqlDatabaseType, sqlUser: String
        var durationMilliseconds: Double?
        var startTimeText, endTimeText: String
        var annotations, metadata, cause, service, user: String
        var spanKind, spanStatus, scopeName, resource: String
        var location: InputLocation

        init(_ document: XRayDocument) {
            let node = document.nodes[0]
            func s(_ bytes: UnsafeRawBufferPointer) -> String { String(decoding: bytes, as: UTF8.self) }
            traceID = s(node.traceID)
            id = s(node.id)
            parentID = s(node.parentID)
            name = s(node.name)
            type = s(node.type)
            namespace = s(node.namespace)
            isSegment = node.isSegment
            method = s(node.httpMethod)
            url = s(node.httpURL)
            route = s(node.routeAnnotation)
            clientIP = s(node.httpClientIP)
            userAgent = s(node.httpUserAgent)
            status = node.httpStatus
            fault = node.fault
            error = node.error
            throttle = node.throttle
            hasSQL = node.hasSQL
            sqlQuery = s(node.sqlQuery)
            sqlURL = s(node.sqlURL)
            sqlDatabaseType = s(node.sqlDatabaseType)
            sqlUser = s(node.sqlUser)
            durationMilliseconds = node.durationMilliseconds
            startTimeText = s(node.startTimeText)
            endTimeText = s(node.endTimeText)
            annotations = s(node.annotationsJSON)
            metadata = s(node.metadataJSON)
            cause = s(node.causeJSON)
            service = s(node.serviceJSON)
            user = s(node.user)
            spanKind = s(node.spanKind)
            spanStatus = s(node.spanStatus)
            scopeName = s(node.scopeName)
            resource = s(node.resourceJSON)
            location = document.location
        }

        /// The metadata's `default` namespace, parsed.
        var attributes: JSONValue? { parse(metadata)?["default"] }
    }

    /// Reads `records` (one OTLP or Transaction Search record each) and snapshots every span.
    func read(
        _ records: [String], transactionSearch: Bool = false, parsing: XRayParsing = .full
    ) -> (spans: [Snapshot], diagnostics: Diagnostics) {
        var reader = OTelSpanReader(parsing: parsing)
        defer { reader.deallocate() }
        var diagnostics = Diagnostics()
        var spans: [Snapshot] = []
        for (index, record) in records.enumerated() {
            let location = InputLocation(source: "t.jsonl", line: index + 1, byteOffset: 1000 * Int64(index))
            _ = Array(record.utf8).withUnsafeBytes { bytes in
                transactionSearch
                    ? reader.readTransactionSearchSpan(bytes, location: location, &diagnostics) { document, _ in
                        spans.append(Snapshot(document))
                        return true
                    }
                    : reader.readOTLP(bytes, location: location, &diagnostics) { document, _ in
                        spans.append(Snapshot(document))
                        return true
                    }
            }
        }
        return (spans, diagnostics)
    }

    static let resource = #"{"attributes":[{"key":"service.name","value":{"stringValue":"orders"}},{"key":"service.version","value":{"stringValue":"1.2.3"}}]}"#

    static func request(_ spans: [String], resourceFirst: Bool = true, key: String = "scopeSpans") -> String {
        let scopes = #""\#(key)":[{"scope":{"name":"opentelemetry.instrumentation.fastapi"},"spans":[\#(spans.joined(separator: ","))]}]"#
        let resource = #""resource":\#(Self.resource)"#
        return "{\"resourceSpans\":[{" + (resourceFirst ? resource + "," + scopes : scopes + "," + resource) + "}]}"
    }

    static let server = #"""
        {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"GET /items/{id}","kind":2,
         "startTimeUnixNano":"1714556800101234000","endTimeUnixNano":"1714556800104871001",
         "attributes":[{"key":"http.request.method","value":{"stringValue":"GET"}},
           {"key":"http.route","value":{"stringValue":"/items/{id}"}},
           {"key":"url.path","value":{"stringValue":"/items/42"}},
           {"key":"http.response.status_code","value":{"intValue":"404"}},
           {"key":"client.address","value":{"stringValue":"203.0.113.7"}},
           {"key":"user_agent.original","value":{"stringValue":"curl/8"}},
           {"key":"app.cold_start","value":{"boolValue":true}},
           {"key":"app.ratio","value":{"doubleValue":0.25}},
           {"key":"app.tags","value":{"arrayValue":{"values":[{"stringValue":"a"},{"intValue":"7"}]}}},
           {"key":"app.map","value":{"kvlistValue":{"values":[{"key":"k","value":{"stringValue":"v\"q"}}]}}},
           {"key":"app.empty","value":{}}],
         "events":[],"links":[],"status":{"code":0}}
        """#

    @Test("A SERVER span is a request segment: service name, route, new HTTP conventions, exact times")
    func serverSpan() throws {
        let (spans, diagnostics) = read([Self.request([Self.server])])
        #expect(diagnostics.skippedCount == 0)
        let span = try #require(spans.first)
        #expect(span.traceID == "1-5b8efff7-98038103d269b633813fc60c")
        #expect(span.id == "eee19b7ec3c1b174")
        #expect(span.parentID == "")
        #expect(span.isSegment && span.type == "")
        #expect(span.name == "orders")
        #expect(span.method == "GET" && span.route == "/items/{id}" && span.url == "/items/42")
        #expect(span.status == 404 && span.error && !span.fault && !span.throttle)
        #expect(span.clientIP == "203.0.113.7" && span.userAgent == "curl/8")
        #expect(span.startTimeText == "1714556800.101234000")
        #expect(span.endTimeText == "1714556800.104871001")
        #expect(span.durationMilliseconds == 3.637001)
        #expect(span.annotations == #"{"http.route":"/items/{id}"}"#)
        #expect(span.service == #"{"version":"1.2.3"}"#)
        let attributes = try #require(span.attributes)
        #expect(attributes["http.response.status_code"] == .number(404))
        #expect(attributes["app.cold_start"] == .bool(true))
        #expect(attributes["app.ratio"] == .number(0.25))
        #expect(attributes["app.tags"] == .array([.string("a"), .number(7)]))
        #expect(attributes["app.map"]?["k"] == .string("v\"q"))
        #expect(attributes["app.empty"] == .null)
        #expect(span.spanKind == "SERVER" && span.spanStatus == "UNSET" && span.scopeName == "opentelemetry.instrumentation.fastapi")
        #expect(span.resource == #"{"service.name":"orders","service.version":"1.2.3"}"#)
    }

    @Test("Old conventions, kind and status as names, nanoseconds as numbers, intValue as a number")
    func oldConventions() throws {
        let span = #"""
            {"spanId":"00000000000000a1","traceId":"6b05d1d0c5f08c3d545f9ce01af88d16","parentSpanId":"7b4f3e1c02af6d50",
             "name":"GET","kind":"SPAN_KIND_SERVER","startTimeUnixNano":1795543504122451078,"endTimeUnixNano":1795543504233986280,
             "attributes":[{"key":"http.method","value":{"stringValue":"POST"}},{"key":"http.target","value":{"stringValue":"/orders/17?x=1"}},
               {"key":"http.status_code","value":{"intValue":503}},{"key":"http.user_agent","value":{"stringValue":"old"}},
               {"key":"user_agent.original","value":{"stringValue":"new"}}],
             "status":{"code":"STATUS_CODE_ERROR","message":"boom"}}
            """#
        let (spans, _) = read([Self.request([span])])
        let s = try #require(spans.first)
        #expect(s.isSegment && s.parentID == "7b4f3e1c02af6d50")
        #expect(s.method == "POST" && s.url == "/orders/17?x=1" && s.route == "")
        #expect(s.status == 503 && s.fault && !s.error)
        #expect(s.userAgent == "new", "the newer convention wins whatever the order")
        #expect(s.durationMilliseconds == 111.535202)
        #expect(s.startTimeText == "1795543504.122451078")
        // No exception event: the status message is the one exception.
        #expect(s.cause == #"{"exceptions":[{"message":"boom"}]}"#)
    }

    @Test("A CLIENT span with a SQL db.system is SQL: new statement and namespace win, URL synthesised")
    func sqlSpan() throws {
        let span = #"""
            {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"1111111111111111","parentSpanId":"eee19b7ec3c1b174",
             "name":"SELECT orders","kind":3,"startTimeUnixNano":"1714556800102000000","endTimeUnixNano":"1714556800103500000",
             "attributes":[{"key":"db.system","value":{"stringValue":"postgresql"}},
               {"key":"db.statement","value":{"stringValue":"old text"}},{"key":"db.query.text","value":{"stringValue":"SELECT * FROM orders WHERE id = $1"}},
               {"key":"db.name","value":{"stringValue":"olddb"}},{"key":"db.namespace","value":{"stringValue":"shop"}},
               {"key":"db.user","value":{"stringValue":"app"}},{"key":"server.address","value":{"stringValue":"db.internal"}},
               {"key":"server.port","value":{"intValue":"5432"}}],
             "status":{"code":2},
             "events":[{"timeUnixNano":"1714556800103400000","name":"exception","attributes":[
               {"key":"exception.type","value":{"stringValue":"psycopg2.errors.UndefinedColumn"}},
               {"key":"exception.message","value":{"stringValue":"column \"props\" does not exist\nLINE 1"}},
               {"key":"exception.stacktrace","value":{"stringValue":"Traceback..."}}]},
               {"name":"log","attributes":[{"key":"exception.type","value":{"stringValue":"not an exception event"}}]}]}
            """#
        let redis = #"""
            {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"2222222222222222","parentSpanId":"eee19b7ec3c1b174",
             "name":"GET","kind":3,"startTimeUnixNano":"1714556800102000000","endTimeUnixNano":"1714556800102100000",
             "attributes":[{"key":"db.system","value":{"stringValue":"redis"}},{"key":"db.statement","value":{"stringValue":"GET k"}}]}
            """#
        let (spans, _) = read([Self.request([span, redis])])
        let s = try #require(spans.first)
        #expect(!s.isSegment && s.type == "subsegment" && s.namespace == "remote" && s.name == "SELECT orders")
        #expect(s.hasSQL && s.sqlQuery == "SELECT * FROM orders WHERE id = $1" && s.sqlDatabaseType == "postgresql" && s.sqlUser == "app")
        #expect(s.sqlURL == "postgresql://db.internal:5432/shop")
        #expect(s.fault && !s.error, "status ERROR without an HTTP status is a fault")
        let exceptions = try #require(parse(s.cause)?["exceptions"]?.arrayValue)
        #expect(exceptions.count == 1)
        #expect(exceptions[0]["type"] == .string("psycopg2.errors.UndefinedColumn"))
        #expect(exceptions[0]["message"] == .string("column \"props\" does not exist\nLINE 1"))
        #expect(exceptions[0]["remote"] == .bool(true))
        #expect(spans.count == 2 && !spans[1].hasSQL, "redis is not SQL")
    }

    @Test("Base64 and upper-case hex ids become lower-case hex; the older instrumentationLibrarySpans key is read")
    func ids() throws {
        let base64 = #"{"traceId":"W47/95gDgQPSabYzgT/GDA==","spanId":"7uGbfsPBsXQ=","parentSpanId":"","name":"n","kind":1,"startTimeUnixNano":"1","endTimeUnixNano":"2"}"#
        let upper = #"{"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174","parentSpanId":"EEE19B7EC3C1B173","name":"n","startTimeUnixNano":"1","endTimeUnixNano":"2"}"#
        let (spans, diagnostics) = read([Self.request([base64, upper], key: "instrumentationLibrarySpans")])
        #expect(diagnostics.skippedCount == 0)
        #expect(spans.count == 2)
        #expect(spans[0].traceID == "1-5b8efff7-98038103d269b633813fc60c" && spans[0].id == "eee19b7ec3c1b174" && spans[0].parentID == "")
        #expect(spans[1].traceID == "1-5b8efff7-98038103d269b633813fc60c" && spans[1].id == "eee19b7ec3c1b174")
        #expect(spans[1].parentID == "eee19b7ec3c1b173")
        #expect(!spans[1].isSegment && spans[1].durationMilliseconds == 0.000001)
    }

    @Test("The resource may follow the spans; an attribute's value may precede its key")
    func outOfOrder() throws {
        let span = #"""
            {"name":"GET /a/{x}","kind":"SERVER","attributes":[{"value":{"stringValue":"GET"},"key":"http.method"},
             {"value":{"intValue":"200"},"key":"http.status_code"}],
             "endTimeUnixNano":"3000000","startTimeUnixNano":"1000000","spanId":"eee19b7ec3c1b174","traceId":"5b8efff798038103d269b633813fc60c"}
            """#
        let (spans, diagnostics) = read([Self.request([span], resourceFirst: false)])
        #expect(diagnostics.skippedCount == 0)
        let s = try #require(spans.first)
        #expect(s.name == "orders" && s.method == "GET" && s.status == 200)
        #expect(s.route == "/a/{x}", "a request span named METHOD /template gives the route")
        #expect(s.durationMilliseconds == 2)
        #expect(s.attributes?["http.status_code"] == .number(200))
    }

    @Test("Malformed spans are skipped, counted and located; the spans around them survive")
    func malformed() throws {
        let good = #"{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"ok","startTimeUnixNano":"1","endTimeUnixNano":"2"}"#
        let noTrace = #"{"spanId":"eee19b7ec3c1b175","name":"x","startTimeUnixNano":"1","endTimeUnixNano":"2"}"#
        let badTime = #"{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b176","startTimeUnixNano":true,"endTimeUnixNano":"2"}"#
        let badID = #"{"traceId":"5b8efff7980381","spanId":"eee19b7ec3c1b177","startTimeUnixNano":"1","endTimeUnixNano":"2"}"#
        let noEnd = #"{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b178","startTimeUnixNano":"1"}"#
        let record = Self.request([good, noTrace, badTime, badID, noEnd, good])
        let (spans, diagnostics) = read([record, "{\"resourceSpans\":[{\"resource\":{},\"scopeSpans\":[{\"spans\":[" + good + ",{\"traceId\":"])
        #expect(spans.count == 3, "two good spans of the first record, the one before the cut of the second")
        #expect(diagnostics.skippedByKind["missing traceId"] == 1)
        #expect(diagnostics.skippedByKind["invalid startTimeUnixNano"] == 1)
        #expect(diagnostics.skippedByKind["invalid traceId"] == 1)
        #expect(diagnostics.skippedByKind["missing endTimeUnixNano"] == 1)
        #expect(diagnostics.skippedByKind["invalid JSON"] == 1)
        // Located: the line, and the byte where the span starts in the input.
        let first = try #require(diagnostics.examples.first)
        let offset = Array(record.utf8).firstIndex(of: UInt8(ascii: "{"), after: Array(record.utf8).indexOf(noTrace))
        #expect(first.location.line == 1)
        #expect(first.location.byteOffset == Int64(offset))
        #expect(spans[2].location.line == 2 && spans[2].location.byteOffset > 1000)
    }

    @Test("Transaction Search records: plain attribute maps, names for kind and status, numbers beyond 2^53, durationNano")
    func transactionSearch() throws {
        let record = #"""
            {"resource":{"attributes":{"service.name":"api","aws.local.service":"api","cloud.region":"us-east-1"}},
             "scope":{"name":"opentelemetry.instrumentation.fastapi","version":"0.48b0"},
             "traceId":"6759b1c50e59b643038a6a070e115043","spanId":"2a22ad6d7aeb6ef2","parentSpanId":"48fec93dfe40959d",
             "flags":256,"name":"GET /items/{id}","kind":"SERVER","startTimeUnixNano":1733931461640310404,
             "durationNano":719689804,
             "attributes":{"http.route":"/items/{id}","http.request.method":"GET","http.response.status_code":429,"aws.span.kind":"LOCAL_ROOT"},
             "status":{"code":"ERROR"},"events":[{"name":"exception","timeUnixNano":1733931462360000208,"attributes":{"exception.type":"Throttled","exception.message":"slow down"}}]}
            """#
        let (spans, diagnostics) = read([record], transactionSearch: true)
        #expect(diagnostics.skippedCount == 0)
        let s = try #require(spans.first)
        #expect(s.traceID == "1-6759b1c5-0e59b643038a6a070e115043" && s.parentID == "48fec93dfe40959d")
        #expect(s.isSegment && s.name == "api" && s.route == "/items/{id}" && s.method == "GET")
        #expect(s.status == 429 && s.error && s.throttle && !s.fault, "a 4xx explains status ERROR")
        #expect(s.startTimeText == "1733931461.640310404" && s.endTimeText == "1733931462.360000208")
        #expect(s.durationMilliseconds == 719.689804)
        #expect(s.attributes?["aws.span.kind"] == .string("LOCAL_ROOT"))
        #expect(s.cause == #"{"exceptions":[{"type":"Throttled","message":"slow down"}]}"#)
        #expect(s.spanKind == "SERVER" && s.spanStatus == "ERROR" && s.scopeName == "opentelemetry.instrumentation.fastapi")
        #expect(s.resource == #"{"service.name":"api","aws.local.service":"api","cloud.region":"us-east-1"}"#)
    }

    @Test("Which log messages may be Transaction Search spans")
    func messageCheck() {
        func may(_ text: String) -> Bool { Array(text.utf8).withUnsafeBytes { OTelSpanReader.mayBeTransactionSearchSpan($0) } }
        #expect(may(#"{"resource":{},"traceId":"6759b1c50e59b643038a6a070e115043","spanId":"2a22ad6d7aeb6ef2"}"#))
        #expect(!may(#"{"_aws":{"Timestamp":1,"CloudWatchMetrics":[]},"Latency":1,"traceId":"x"}"#))
        #expect(!may("INFO GET /items spanId=1 traceId=2 ................................"))
    }

    @Test("Segments-only parsing skips the detail of spans known not to be requests")
    func segmentsOnly() throws {
        let client = #"{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"1111111111111111","kind":3,"startTimeUnixNano":"1","endTimeUnixNano":"2","attributes":[{"key":"db.system","value":{"stringValue":"postgresql"}},{"key":"db.statement","value":{"stringValue":"SELECT 1"}}]}"#
        let (spans, _) = read([Self.request([Self.server, client])], parsing: .segmentsOnly)
        #expect(spans.count == 2)
        #expect(spans[0].route == "/items/{id}" && spans[0].metadata.contains("app.tags"))
        #expect(!spans[1].hasSQL && spans[1].metadata.isEmpty)
        let (sql, _) = read([Self.request([Self.server, client])], parsing: .sqlFields)
        #expect(sql[1].hasSQL && sql[1].metadata.isEmpty && sql[0].route == "/items/{id}")
    }

    @Test("OTel trace ids and X-Ray trace ids convert both ways")
    func traceIDForms() {
        #expect(OTelID.xrayTraceID("5B8EFFF798038103D269B633813FC60C") == "1-5b8efff7-98038103d269b633813fc60c")
        #expect(OTelID.xrayTraceID("1-5b8efff7-98038103d269b633813fc60c") == nil)
        #expect(OTelID.otelTraceID(xray: "1-5b8efff7-98038103d269b633813fc60c") == "5b8efff798038103d269b633813fc60c")
        #expect(OTelID.otelTraceID(xray: "5b8efff798038103d269b633813fc60c") == nil)
    }

    @Test("Detection: Transaction Search lines, OTLP traces, metrics and logs")
    func detection() {
        func detect(_ text: String) -> FormatDetector.Detection { Array(text.utf8).withUnsafeBytes { FormatDetector.detect(prefix: $0) } }
        let spanLine = #"{"resource":{"attributes":{"service.name":"api"}},"traceId":"6759b1c50e59b643038a6a070e115043","spanId":"2a22ad6d7aeb6ef2","kind":"SERVER","startTimeUnixNano":1}"#
        #expect(detect(spanLine + "\n" + spanLine).format == .awsSpans)
        #expect(detect(#"{"resourceSpans":[]}"#).reason == "OTLP/JSON traces (resourceSpans)")
        #expect(detect(#"{"resourceMetrics":[]}"#).reason.contains("metrics"))
        #expect(detect(#"{"resourceLogs":[]}"#).format == .otlpJSON)
    }
}

/// Parses JSON text (nil when invalid).
func parse(_ text: String) -> JSONValue? {
    Array(text.utf8).withUnsafeBytes { try? JSONValue.parse($0) }
}

extension Array where Element == UInt8 {
    /// The index where `text`'s bytes first occur.
    fileprivate func indexOf(_ text: String) -> Int {
        let needle = Array(text.utf8)
        for start in 0...(count - needle.count) where Array(self[start..<(start + needle.count)]) == needle { return start }
        return -1
    }

    fileprivate func firstIndex(of byte: UInt8, after start: Int) -> Int { self[start...].firstIndex(of: byte) ?? -1 }
}
