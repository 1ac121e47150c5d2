import Testing
import SiftFormats

@Suite struct FilterPatternSpaceDelimitedTests {
    static let apache = #"127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 503 2326"#

    static let cases: [FilterPatternCase] = [
        // Field count must match exactly without an ellipsis.
        .init("[ip, id, user, timestamp, request, status, bytes]", apache, true),
        .init("[ip, id, user, timestamp, request, status]", apache, false),
        .init("[ip, id, user, timestamp, request, status, bytes, extra]", apache, false),
        // Conditions.
        .init("[ip, id, user, timestamp, request, status = 503, bytes]", apache, true),
        .init("[ip, id, user, timestamp, request, status = 5*, bytes]", apache, true),
        .init("[ip, id, user, timestamp, request, status = 4*, bytes]", apache, false),
        .init("[ip, id, user, timestamp, request, status != 200, bytes > 1000]", apache, true),
        .init("[ip, id, user, timestamp, request, status, bytes < 1000]", apache, false),
        .init("[ip, id, user = frank, ...]", apache, true),
        .init("[ip, id, user = \"frank\", ...]", apache, true),
        .init("[ip, id, user != frank, ...]", apache, false),
        .init("[ip = 127.0.0.*, ...]", apache, true),
        .init("[ip = 127.0.0.1, ...]", apache, true),
        // Quoted and bracketed fields are one field; comparisons see them without the delimiters.
        .init("[ip, id, user, timestamp = 10/Oct/2000*, ...]", apache, true),
        .init("[..., request = \"GET *\", status, bytes]", apache, true),
        .init("[..., request = *.gif*, status, bytes]", apache, true),
        .init("[..., request = POST*, status, bytes]", apache, false),
        // && and || within one field.
        .init("[..., status = 4* || status = 5*, bytes]", apache, true),
        .init("[..., status = 4* || status = 2*, bytes]", apache, false),
        .init("[..., status >= 500 && status < 600, bytes]", apache, true),
        .init("[..., status >= 500 && status < 503, bytes]", apache, false),
        // Ellipses anywhere, several of them.
        .init("[...]", apache, true),
        .init("[...]", "", true),
        .init("[..., bytes = 2326]", apache, true),
        .init("[ip, ..., bytes = 2326]", apache, true),
        .init("[..., user = frank, ...]", apache, true),
        .init("[..., user = nobody, ...]", apache, false),
        .init("[..., a = x, ..., b = y, ...]", "x 1 y 2", true),
        .init("[..., a = y, ..., b = x, ...]", "x 1 y 2", false),
        // Runs of spaces separate like one space; numbers need numeric fields.
        .init("[level, client, dash, request, status = 200, result]", #"INFO:     203.0.113.91:0 - "GET /x HTTP/1.1" 200 OK"#, true),
        .init("[a, b > 5]", "x five", false),
        .init("[a, b > 5]", "x 6", true),
        .init("[a]", "", false),
    ]

    @Test("space-delimited patterns", arguments: cases)
    func spaceDelimited(_ c: FilterPatternCase) throws {
        let result = try c.check()
        #expect(result.string == c.matches)
        #expect(result.bytes == c.matches)
    }
}
