import Testing
import SiftFormats

@Suite struct FilterPatternJSONTests {
    static let message = #"{"level":"ERROR","latency":250.5,"status":503,"code":"404","user":{"id":"u-1","admin":true,"guest":false},"tags":["a","blue"],"requests":[{"status":200},{"status":500}],"gone":null,"e":1.5e3}"#

    static let cases: [FilterPatternCase] = [
        // Strings: quoted or not, whole-value, wildcards.
        .init(#"{ $.level = "ERROR" }"#, message, true),
        .init("{ $.level = ERROR }", message, true),
        .init("{ $.level = ERR }", message, false),
        .init("{ $.level = ERR* }", message, true),
        .init("{ $.level = *RO* }", message, true),
        .init(#"{ $.level != "INFO" }"#, message, true),
        .init(#"{ $.level != "ERROR" }"#, message, false),
        .init("{ $.level = error }", message, false),
        // Numbers compare numerically, and only with JSON numbers.
        .init("{ $.latency > 100 }", message, true),
        .init("{ $.latency < 100 }", message, false),
        .init("{ $.latency >= 250.5 }", message, true),
        .init("{ $.latency <= 250.4 }", message, false),
        .init("{ $.status = 503 }", message, true),
        .init("{ $.status = 503.0 }", message, true),
        .init("{ $.status != 503 }", message, false),
        .init("{ $.e = 1500 }", message, true),
        .init("{ $.status = 5.03e2 }", message, true),
        .init("{ $.code = 404 }", message, false),
        .init(#"{ $.code = "404" }"#, message, true),
        .init("{ $.code > 400 }", message, false),
        .init(#"{ $.status = "503" }"#, message, false),
        // Wildcard text matches numbers by their text.
        .init("{ $.status = 5* }", message, true),
        .init("{ $.status = 4* }", message, false),
        .init("{ $.status = * }", message, true),
        .init("{ $.user = * }", message, false),
        // && / || / parentheses.
        .init("{ $.latency > 100 && $.status = 5* }", message, true),
        .init("{ $.latency > 1000 && $.status = 5* }", message, false),
        .init("{ $.latency > 1000 || $.status = 5* }", message, true),
        .init("{ ($.latency > 1000 || $.status = 4*) && $.level = ERROR }", message, false),
        .init("{ $.latency > 1000 || $.status = 5* && $.level = INFO }", message, false),
        .init("{ ($.latency > 1000 || $.status = 5*) && $.level = ERROR }", message, true),
        // IS TRUE / FALSE / NULL, NOT EXISTS.
        .init("{ $.user.admin IS TRUE }", message, true),
        .init("{ $.user.admin IS FALSE }", message, false),
        .init("{ $.user.guest IS FALSE }", message, true),
        .init("{ $.user.id IS TRUE }", message, false),
        .init("{ $.gone IS NULL }", message, true),
        .init("{ $.missing IS NULL }", message, false),
        .init("{ $.missing NOT EXISTS }", message, true),
        .init("{ $.gone NOT EXISTS }", message, false),
        .init("{ $.user.admin is true }", message, true),
        // Nested members and arrays.
        .init(#"{ $.user.id = "u-1" }"#, message, true),
        .init("{ $.tags[1] = blue }", message, true),
        .init("{ $.tags[0] = blue }", message, false),
        .init("{ $.tags[5] NOT EXISTS }", message, true),
        .init("{ $.requests[1].status = 500 }", message, true),
        .init("{ $.requests[0].status = 500 }", message, false),
        .init("{ $.requests[*].status = 500 }", message, true),
        .init("{ $.requests[*].status > 500 }", message, false),
        .init("{ $.user.* = u-* }", message, true),
        // Escapes, raw number text, duplicate keys (the first wins).
        .init(#"{ $.msg = "say \"hi\"" }"#, #"{"msg":"say \"hi\""}"#, true),
        .init("{ $.msg = \"caf\u{e9}\" }", #"{"msg":"caf\u00e9"}"#, true),
        .init("{ $.e = 1.5* }", message, true),
        .init("{ $.a = 2 }", #"{"a":1,"a":2}"#, false),
        .init("{ $.a = 1 }", #"{"a":1,"a":2}"#, true),
        // Messages that are not a JSON object never match.
        .init("{ $.level = * }", #"{"level":"x","b":tru}"#, false),
        .init("{ $.level = * }", "ERROR plain text", false),
        .init("{ $.level = * }", #"{"level":"x"} trailing"#, false),
        .init("{ $.level = * }", #"{"level":"x""#, false),
        .init("{ $.level = * }", #"  {"level":"x"}"#, true),
        .init("{ $[0] = x }", #"["x"]"#, false),
        .init("{ $.level NOT EXISTS }", "not json", false),
    ]

    @Test("JSON patterns", arguments: cases)
    func json(_ c: FilterPatternCase) throws {
        let result = try c.check()
        #expect(result.string == c.matches)
        #expect(result.bytes == c.matches)
    }
}
