import Testing
import SiftFormats

@Suite struct FilterPatternErrorTests {
    struct ErrorCase: Sendable, CustomStringConvertible {
        let pattern: String
        let column: Int
        let message: String
        init(_ pattern: String, _ column: Int, _ message: String) {
            self.pattern = pattern
            self.column = column
            self.message = message
        }
        var description: String { pattern }
    }

    static let cases: [ErrorCase] = [
        .init("{ = 5 }", 3, "expected a selector (such as $.field) after '{'"),
        .init("{ $.a > 100 && }", 16, "expected a selector (such as $.field) after '&&'"),
        .init("{ $.a > abc }", 9, "expected a number after '>'"),
        .init(#"{ $.a >= "1" }"#, 10, "expected a number after '>=', not a string"),
        .init("{ $.a = }", 9, "expected a value after '='"),
        .init("{ $.a = 1", 10, "expected '}' to close the JSON pattern"),
        .init("{ $.a = 1 x }", 11, "expected '&&', '||' or '}'"),
        .init("{ $.a }", 7, "expected a comparison (=, !=, <, >, <=, >=), IS or NOT EXISTS after the selector"),
        .init("{ $.a IS MAYBE }", 10, "expected TRUE, FALSE or NULL after IS"),
        .init("{ $.a NOT THERE }", 11, "expected EXISTS after NOT"),
        .init("{ $.a[x] = 1 }", 7, "expected an array index (a number or *) after '['"),
        .init("{ $. = 1 }", 5, "expected a field name after '.'"),
        .init("{ ($.a = 1 }", 12, "expected ')' to close the '(' at column 3"),
        .init("{ $.a = 1 } extra", 13, "expected the end of the pattern after the JSON pattern"),
        .init("[a, b", 6, "expected ']' to close the space-delimited pattern"),
        .init("[a b]", 4, "expected a comparison operator (=, !=, <, >, <=, >=)"),
        .init("[]", 2, "expected at least one field name between '[' and ']'"),
        .init("[a, , b]", 5, "expected a field name or '...'"),
        .init("[a, ....]", 5, "expected '...' (three dots)"),
        .init("[s = 4* || t = 5*]", 12, "expected 's': a condition joined with && or || must name the same field"),
        .init("[a > x]", 6, "expected a number after '>'"),
        .init("ERROR \"unterminated", 7, "expected a closing '\"' for the quote opened here"),
        .init("ERROR ?", 8, "expected a term after '?'"),
        .init("ERROR - x", 8, "expected a term after '-'"),
        .init("ERROR { $.a = 1 }", 7, "a JSON pattern '{ … }' must be the whole filter pattern"),
        .init("%abc", 1, "expected a closing '%' for the regular expression opened here"),
        .init("%%", 1, "expected a regular expression between '%' and '%'"),
        .init("%(ab%", 2, "expected ')' to close the group opened here"),
        .init("%ab)%", 4, "unexpected ')' in regular expression"),
        .init("%*a%", 2, "nothing to repeat before this quantifier"),
        .init("%[a-%", 2, "expected ']' to close the class opened here"),
        .init("%[z-a]%", 3, "range out of order in character class"),
        .init("%(a)\\1%", 5, "backreferences are not supported"),
        .init("%(?=a)%", 2, "lookaround and named groups are not supported; expected '(?:' or '('"),
        .init("%a{5,2}%", 3, "repeat bounds out of order (min > max)"),
        .init("%\\q%", 2, "unknown escape '\\q'"),
        .init("%a{2000}%", 3, "repeat count larger than 1000"),
        // Columns count characters, not bytes.
        .init("é ë {", 5, "a JSON pattern '{ … }' must be the whole filter pattern"),
    ]

    @Test("errors name the column and what was expected", arguments: cases)
    func error(_ c: ErrorCase) {
        do {
            _ = try FilterPattern(c.pattern)
            Issue.record("expected \(c.pattern) to be rejected")
        } catch {
            #expect(error.message == c.message)
            #expect(error.column == c.column)
        }
    }

    @Test("the description shows the pattern with a caret under the column")
    func description() {
        do {
            _ = try FilterPattern("{ = 5 }")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == """
                invalid filter pattern: expected a selector (such as $.field) after '{'
                  { = 5 }
                    ^
                """)
        }
    }
}
