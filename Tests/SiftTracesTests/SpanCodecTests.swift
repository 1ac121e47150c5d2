import Testing
import SiftModel
@testable import SiftTraces

@Suite struct SpanCodecTests {
    @Test("Every Span field round-trips through the spill codec")
    func roundTrip() throws {
        var full = span("0123456789abcdef", parent: "fedcba9876543210", kind: .segment, start: 1_714_550_400_123, end: 1_714_550_401_000, name: "svc é ✓")
        full.start = Timestamp(nanosecondsSinceEpoch: 1_714_550_400_123_456_700)
        full.inProgress = true
        full.origin = "AWS::ECS::Container"
        full.namespace = "remote"
        var http = HTTPInfo()
        http.method = "GET"; http.url = "http://x/y?z=1"; http.clientIP = "203.0.113.1"; http.userAgent = "ua"
        http.xForwardedFor = true; http.traced = false; http.status = 503; http.contentLength = "-1"
        full.http = http
        var sql = SQLInfo()
        sql.url = "postgresql://"; sql.sanitizedQuery = "SELECT 1"; sql.databaseType = "PostgreSQL"; sql.databaseVersion = "15"
        sql.driverVersion = "psycopg2"; sql.user = "u"; sql.preparation = "statement"; sql.connectionString = "cs"
        full.sql = sql
        full.aws = ["ecs.container": "host", "operation": "GetItem"]
        full.error = true; full.fault = true; full.throttle = true
        full.cause = .exceptions(workingDirectory: "/app", exceptions: [ExceptionInfo(id: "e1", type: "ValueError", message: "bad", remote: true), ExceptionInfo()])
        full.annotations = ["route": .string("/a/{id}"), "n": .number(-1.5), "ok": .bool(true)]
        full.metadataJSON = "{\"default\":{}}"
        full.serviceVersion = "1.2"
        full.user = "alice"
        full.location = InputLocation(source: "a.gz", line: 42, record: 7, byteOffset: 1834, member: 2)

        var minimal = span("m", start: -5, end: nil)
        minimal.kind = .subsegment
        var withID = minimal
        withID.cause = .exceptionID("0123456789abcdef")
        var unrecognized = minimal
        unrecognized.cause = .unrecognized("[1,2]")
        unrecognized.location = InputLocation(source: "<stdin>")

        let spans = [full, minimal, withID, unrecognized]
        var bytes: [UInt8] = []
        for s in spans { SpanCodec.encode(s, into: &bytes) }
        #expect(try SpanCodec.decodeAll(bytes) == spans)
    }

    @Test("Truncated records throw instead of trapping")
    func truncated() {
        var bytes: [UInt8] = []
        SpanCodec.encode(span("a", start: 0, end: 1), into: &bytes)
        for cut in 1..<bytes.count {
            #expect(throws: SpillError.self) { try SpanCodec.decodeAll(Array(bytes[0..<cut])) }
        }
    }
}
