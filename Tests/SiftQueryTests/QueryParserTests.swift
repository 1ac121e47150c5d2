import SiftQuery
import Testing

@Suite struct QueryParserTests {
    static let valid: [(String, String)] = [
        ("fields @timestamp, @message", "fields(@timestamp, @message)"),
        ("filter duration > 100 and http.status >= 500", "filter(and(>(duration, 100), >=(http.status, 500)))"),
        ("filter a = 1 or b = 2 and c = 3", "filter(or(=(a, 1), and(=(b, 2), =(c, 3))))"),
        ("filter not fault", "filter(not(fault))"),
        ("filter @message like /time(out)?/", "filter(like(@message, /time(out)?/))"),
        ("filter @message like \"Exception\"", "filter(like(@message, \"Exception\"))"),
        ("filter @message not like 'x'", "filter(not like(@message, \"x\"))"),
        ("filter name =~ /^db/", "filter(=~(name, /^db/))"),
        ("filter method in [\"GET\", \"PUT\"]", "filter(in(method, \"GET\", \"PUT\"))"),
        ("filter status not in [500, 502]", "filter(notin(status, 500, 502))"),
        ("fields duration * 2 + 1 as d2", "fields(+(*(duration, 2), 1) as d2)"),
        ("fields a / b, -x, 2 ^ 3 ^ 2", "fields(/(a, b) as a / b, -(x) as -x, ^(2, ^(3, 2)) as 2 ^ 3 ^ 2)"),
        ("stats count(*) by bin(5m)", "stats(count(*) by bin(300000ms) as bin(5m))"),
        ("stats count(*) as n, pct(duration, 95) by service, http.method as method",
         "stats(count(*) as n, pct(duration, 95) by service, http.method as method)"),
        ("stats sum(x) / count(*) as ratio", "stats(/(sum(x), count(*)) as ratio)"),
        ("sort duration desc, name", "sort(duration desc, name asc)"),
        ("limit 20", "limit(20)"),
        ("parse @message \"user=* id=*\" as user, id", "parse(@message, \"user=* id=*\" as user, id)"),
        ("parse /(?<verb>GET|POST) (?<path>\\S+)/", "parse(@message, /(?<verb>GET|POST) (?<path>\\S+)/)"),
        ("dedup route, service", "dedup(route, service)"),
        ("unnest items into item", "unnest(items into item)"),
        ("fields `odd name`", "fields(odd name)"),
        ("# comment\nfields a # trailing\n| limit 1", "fields(a) | limit(1)"),
        ("STATS count(*) BY route", "stats(count(*) by route)"),
    ]

    @Test("valid queries parse to the expected commands", arguments: valid)
    func parses(_ text: String, _ expected: String) throws {
        let query = try Query(text)
        #expect(query.description == expected)
    }

    static let invalid: [(query: String, column: Int, expected: String)] = [
        ("", 1, "a command"),
        ("stats count(*) by", 18, "a field or expression after 'by'"),
        ("filter duration >", 18, "a field, literal or '('"),
        ("fields a | frobnicate x", 12, "a command (fields"),
        ("stats avg(duration", 19, "',' or ')' in the arguments of avg"),
        ("filter avg(duration) > 1", 8, "a scalar function"),
        ("stats duration", 7, "an aggregate function"),
        ("fields nosuch(x)", 8, "a known function"),
        ("filter x = \"open", 12, "a closing '\"'"),
        ("limit ten", 7, "a whole number after 'limit'"),
        ("stats pct(duration) by x", 7, "2 argument(s) for pct"),
        ("parse @message \"a=* b=*\" as a", 29, "2 names for the 2 '*'"),
        ("filter x like /ab(c/", 20, "')' to close the group"),
        ("filter x like /a\\q/", 18, "a known escape"),
        ("filter x like /a{2000}/", 17, "a repeat count of at most 1000"),
        ("filter x in 1, 2", 13, "'[' to start the list"),
        ("fields a b", 10, "'|' or the end of the query"),
        ("fields a\n| sort", 7, "a field or expression after 'sort'"),
        ("stats count(*) by bin(5q)", 24, "a time unit"),
    ]

    @Test("invalid queries point at the column and say what was expected", arguments: invalid)
    func rejects(_ text: String, _ column: Int, _ expected: String) {
        do {
            let query = try Query(text)
            Issue.record("parsed: \(query)")
        } catch {
            #expect(error.column == column, "\(error)")
            #expect(error.expected.hasPrefix(expected), "\(error)")
            let lines = error.description.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines[1] == Substring(String(repeating: " ", count: column - 1) + "^"))
        }
    }

    @Test("the caret error shows the line, the caret and the message")
    func caretRendering() {
        do {
            _ = try Query("stats count(*) by")
        } catch {
            #expect(error.description == "stats count(*) by\n                 ^\nquery:1:18: expected a field or expression after 'by', found end of query")
        }
    }
}
