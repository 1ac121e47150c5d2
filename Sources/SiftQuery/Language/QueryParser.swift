/// Recursive-descent parser for the Logs Insights query language.
///
/// Operator precedence, loosest first: `or`; `and`; `not`; comparisons (`= != < <= > >=`,
/// `like`, `not like`, `=~`, `in`, `not in`); `+ -`; `* / %`; `^`; unary `-`.
///
/// Depth is bounded, so neither the parser nor the compiler and evaluator (which recurse over
/// the tree) can run out of stack whatever the query: at most ``maxNesting`` levels of
/// parentheses, function calls, `not`, unary `-` and `^` on the right, and no operator chain
/// (`a or b or ...`, `x + y + ...`) deeper than ``maxTreeDepth`` levels, about as many terms
/// (so a whole tree stays within about 1,600 levels). Deeper queries are a located syntax error, "query too deeply nested" (exit 64).
struct QueryParser {
    /// The deepest nesting of recursive constructs (parentheses, calls, `not`, unary `-`, `^`).
    static let maxNesting = 200
    /// The deepest operator chain, in tree levels (`a or b or c` grows by one a term).
    static let maxTreeDepth = 1000

    private var lexer: Lexer
    private var nesting = 0
    private var current: Token
    private var lastEnd = 0
    /// Whether aggregate calls are allowed here (a `stats` item, outside another aggregate).
    private var aggregatesAllowed = false
    private let text: [UInt8]

    /// The command names, for error messages.
    static let commandNames = ["fields", "display", "filter", "stats", "sort", "limit", "parse", "dedup", "unnest"]

    init(_ text: [UInt8]) {
        self.text = text
        self.lexer = Lexer(text)
        self.current = Token(kind: .end, start: 0, end: 0)
    }

    mutating func parseQuery() throws(QuerySyntaxError) -> [Command] {
        try advance()
        var commands: [Command] = []
        while true {
            if case .end = current.kind {
                if commands.isEmpty { throw fail("a command (\(QueryParser.commandNames.joined(separator: ", ")))") }
                break
            }
            commands.append(try parseCommand())
            if current.isSymbol("|") {
                try advance()
                continue
            }
            guard case .end = current.kind else { throw fail("'|' or the end of the query") }
        }
        return commands
    }

    // MARK: Commands

    private mutating func parseCommand() throws(QuerySyntaxError) -> Command {
        guard case .identifier(let word) = current.kind, !current.quoted,
              QueryParser.commandNames.contains(word.lowercased()) else {
            throw fail("a command (\(QueryParser.commandNames.joined(separator: ", ")))")
        }
        try advance()
        switch word.lowercased() {
        case "fields":
            return .fields(try namedList(after: "fields"))
        case "display":
            return .display(try fieldList(after: "display"))
        case "filter":
            return .filter(try expression(after: "filter"))
        case "stats":
            aggregatesAllowed = true
            let aggregateStart = current.start
            let aggregates = try namedList(after: "stats")
            aggregatesAllowed = false
            for item in aggregates where !item.expression.containsAggregate {
                throw QuerySyntaxError(text: text, offset: aggregateStart, expected: "an aggregate function (count, sum, avg, pct, ...) in '\(item.name)'", found: "no aggregate")
            }
            var groups: [NamedExpression] = []
            if current.isKeyword("by") {
                try advance()
                groups = try namedList(after: "by")
            }
            return .stats(aggregates: aggregates, groups: groups)
        case "sort":
            var keys: [SortKey] = []
            repeat {
                if !keys.isEmpty { try advance() }
                let e = try expression(after: keys.isEmpty ? "sort" : "','")
                var descending = false
                if current.isKeyword("desc") { descending = true; try advance() } else if current.isKeyword("asc") { try advance() }
                keys.append(SortKey(expression: e, descending: descending))
            } while current.isSymbol(",")
            return .sort(keys)
        case "limit":
            guard case .number(let n) = current.kind, n >= 0, n == n.rounded() else { throw fail("a whole number after 'limit'") }
            try advance()
            return .limit(n < 1e18 ? Int(n) : Int.max)
        case "parse":
            return try parseParse()
        case "dedup":
            return .dedup(try fieldList(after: "dedup"))
        default:  // unnest
            let field = try fieldName(after: "unnest")
            guard current.isKeyword("into") else { throw fail("'into' after the unnested field") }
            try advance()
            return .unnest(field: field, into: try fieldName(after: "into"))
        }
    }

    private mutating func parseParse() throws(QuerySyntaxError) -> Command {
        var field = "@message"
        if case .identifier(let name) = current.kind {
            field = name
            try advance()
        }
        if current.isSymbol("/") {
            current = try lexer.regex(at: current.start)
        }
        switch current.kind {
        case .string(let glob):
            try advance()
            guard current.isKeyword("as") else { throw fail("'as' and the names of the '*' captures") }
            try advance()
            let namesStart = current.start
            let names = try fieldList(after: "as")
            let stars = glob.filter { $0 == "*" }.count
            guard names.count == stars else {
                throw QuerySyntaxError(text: text, offset: namesStart, expected: "\(stars) names for the \(stars) '*' in the pattern", found: "\(names.count)")
            }
            return .parse(field: field, pattern: .glob(glob, names: names))
        case .regex(let pattern, let caseInsensitive):
            let start = current.start
            try advance()
            do {
                _ = try QueryRegex(pattern, caseInsensitive: caseInsensitive)
            } catch {
                throw QuerySyntaxError(text: text, offset: start + 1 + error.offset, expected: error.expected, found: error.found)
            }
            return .parse(field: field, pattern: .regex(pattern, caseInsensitive: caseInsensitive))
        default:
            throw fail("a glob string or /regex/ after 'parse'")
        }
    }

    private mutating func namedList(after context: String) throws(QuerySyntaxError) -> [NamedExpression] {
        var list: [NamedExpression] = []
        repeat {
            if !list.isEmpty { try advance() }
            let start = current.start
            let e = try expression(after: list.isEmpty ? "'\(context)'" : "','")
            var name = String(decoding: text[start..<lastEnd], as: UTF8.self)
            if case .field(let field) = e { name = field }
            if current.isKeyword("as") {
                try advance()
                name = try fieldName(after: "as")
            }
            list.append(NamedExpression(e, name: name))
        } while current.isSymbol(",")
        return list
    }

    private mutating func fieldList(after context: String) throws(QuerySyntaxError) -> [String] {
        var names = [try fieldName(after: context)]
        while current.isSymbol(",") {
            try advance()
            names.append(try fieldName(after: ","))
        }
        return names
    }

    private mutating func fieldName(after context: String) throws(QuerySyntaxError) -> String {
        guard case .identifier(let name) = current.kind else { throw fail("a field name after '\(context.trimmingQuotes)'") }
        try advance()
        return name
    }

    // MARK: Expressions

    private mutating func expression(after context: String) throws(QuerySyntaxError) -> Expression {
        if case .end = current.kind { throw fail("a field or expression after \(context.hasPrefix("'") ? context : "'\(context)'")") }
        if current.isSymbol("|") { throw fail("a field or expression after \(context.hasPrefix("'") ? context : "'\(context)'")") }
        return try orExpression()
    }

    private mutating func orExpression() throws(QuerySyntaxError) -> Expression {
        var left = try andExpression()
        var depth = QueryParser.depth(of: left)
        while current.isKeyword("or") {
            let op = current.start
            try advance()
            let right = try andExpression()
            depth = try deeper(depth, right, at: op, "or")
            left = .binary("or", left, right)
        }
        return left
    }

    private mutating func andExpression() throws(QuerySyntaxError) -> Expression {
        var left = try notExpression()
        var depth = QueryParser.depth(of: left)
        while current.isKeyword("and") {
            let op = current.start
            try advance()
            let right = try notExpression()
            depth = try deeper(depth, right, at: op, "and")
            left = .binary("and", left, right)
        }
        return left
    }

    private mutating func notExpression() throws(QuerySyntaxError) -> Expression {
        if current.isKeyword("not") || current.isSymbol("!") {
            try enter()
            defer { nesting -= 1 }
            try advance()
            return .unary("not", try notExpression())
        }
        return try comparison()
    }

    private mutating func comparison() throws(QuerySyntaxError) -> Expression {
        let left = try additive()
        for op in ["=", "!=", "<", "<=", ">", ">=", "=~"] where current.isSymbol(op) {
            try advance()
            return .binary(op, left, try additive())
        }
        var negated = false
        if current.isKeyword("not") {
            negated = true
            try advance()
            guard current.isKeyword("like") || current.isKeyword("in") else { throw fail("'like' or 'in' after 'not'") }
        }
        if current.isKeyword("like") {
            try advance()
            let right = try additive()
            return .binary(negated ? "not like" : "like", left, right)
        }
        if current.isKeyword("in") {
            try advance()
            guard current.isSymbol("[") else { throw fail("'[' to start the list after 'in'") }
            try advance()
            var list: [Expression] = []
            if !current.isSymbol("]") {
                list.append(try additive())
                while current.isSymbol(",") {
                    try advance()
                    list.append(try additive())
                }
            }
            guard current.isSymbol("]") else { throw fail("',' or ']' in the 'in' list") }
            try advance()
            return .membership(left, list, negated: negated)
        }
        return left
    }

    private mutating func additive() throws(QuerySyntaxError) -> Expression {
        var left = try multiplicative()
        var depth = QueryParser.depth(of: left)
        while current.isSymbol("+") || current.isSymbol("-") {
            guard case .symbol(let op) = current.kind else { break }
            let at = current.start
            try advance()
            let right = try multiplicative()
            depth = try deeper(depth, right, at: at, op)
            left = .binary(op, left, right)
        }
        return left
    }

    private mutating func multiplicative() throws(QuerySyntaxError) -> Expression {
        var left = try power()
        var depth = QueryParser.depth(of: left)
        while current.isSymbol("*") || current.isSymbol("/") || current.isSymbol("%") {
            guard case .symbol(let op) = current.kind else { break }
            let at = current.start
            try advance()
            let right = try power()
            depth = try deeper(depth, right, at: at, op)
            left = .binary(op, left, right)
        }
        return left
    }

    private mutating func power() throws(QuerySyntaxError) -> Expression {
        let base = try unary()
        if current.isSymbol("^") {
            try enter()
            defer { nesting -= 1 }
            try advance()
            return .binary("^", base, try power())
        }
        return base
    }

    private mutating func unary() throws(QuerySyntaxError) -> Expression {
        if current.isSymbol("-") {
            try enter()
            defer { nesting -= 1 }
            try advance()
            let operand = try unary()
            if case .number(let n) = operand { return .number(-n) }
            return .unary("-", operand)
        }
        return try primary()
    }

    private mutating func primary() throws(QuerySyntaxError) -> Expression {
        if current.isSymbol("/") { current = try lexer.regex(at: current.start) }
        let token = current
        switch token.kind {
        case .number(let n):
            try advance()
            return .number(n)
        case .duration(let ms):
            try advance()
            return .duration(ms)
        case .string(let s):
            try advance()
            return .string(s)
        case .regex(let pattern, let caseInsensitive):
            do {
                _ = try QueryRegex(pattern, caseInsensitive: caseInsensitive)
            } catch {
                throw QuerySyntaxError(text: text, offset: token.start + 1 + error.offset, expected: error.expected, found: error.found)
            }
            try advance()
            return .regex(pattern, caseInsensitive: caseInsensitive)
        case .identifier(let name):
            try advance()
            guard current.isSymbol("("), !token.quoted else { return .field(name) }
            let isAggregate = FunctionCatalog.isAggregate(name)
            guard let arity = FunctionCatalog.aggregates[name] ?? FunctionCatalog.scalars[name] else {
                throw QuerySyntaxError(text: text, offset: token.start, expected: "a known function", found: "'\(name)'")
            }
            if isAggregate && !aggregatesAllowed {
                throw QuerySyntaxError(text: text, offset: token.start, expected: "a scalar function (aggregates such as \(name) belong in 'stats')", found: "'\(name)'")
            }
            let outerAllowed = aggregatesAllowed
            aggregatesAllowed = false
            defer { aggregatesAllowed = outerAllowed }
            try enter()
            defer { nesting -= 1 }
            try advance()
            var args: [Expression] = []
            if current.isSymbol("*") {
                try advance()
                args.append(.star)
            } else if !current.isSymbol(")") {
                args.append(try expression(after: "'('"))
                while current.isSymbol(",") {
                    try advance()
                    args.append(try expression(after: "','"))
                }
            }
            guard current.isSymbol(")") else { throw fail("',' or ')' in the arguments of \(name)") }
            guard arity.contains(args.count) else {
                throw QuerySyntaxError(text: text, offset: token.start, expected: "\(arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)" : "\(arity.lowerBound) to \(arity.upperBound)") argument(s) for \(name)", found: "\(args.count)")
            }
            if args.contains(.star) && name != "count" { throw QuerySyntaxError(text: text, offset: token.start, expected: "a field or expression (only count takes '*')", found: "'*'") }
            try advance()
            return .call(name, args)
        case .symbol("("):
            try enter()
            defer { nesting -= 1 }
            try advance()
            let inner = try expression(after: "'('")
            guard current.isSymbol(")") else { throw fail("')'") }
            try advance()
            return inner
        default:
            throw fail("a field, literal or '('")
        }
    }

    // MARK: Depth

    /// One more level of recursion, or "query too deeply nested" at the current token.
    private mutating func enter() throws(QuerySyntaxError) {
        nesting += 1
        if nesting > QueryParser.maxNesting { throw tooDeep(at: current.start, "at most \(QueryParser.maxNesting) levels of nesting") }
    }

    /// The depth of a chain grown by operator `op` (at `offset`) with `right`, or "query too
    /// deeply nested" there.
    private func deeper(_ depth: Int, _ right: Expression, at offset: Int, _ op: String) throws(QuerySyntaxError) -> Int {
        let grown = max(depth, QueryParser.depth(of: right)) + 1
        if grown > QueryParser.maxTreeDepth {
            throw tooDeep(at: offset, "an expression at most \(QueryParser.maxTreeDepth) levels deep", found: "'\(op)'")
        }
        return grown
    }

    private func tooDeep(at offset: Int, _ limit: String, found: String? = nil) -> QuerySyntaxError {
        QuerySyntaxError(
            text: text, offset: offset, expected: "\(limit) (query too deeply nested)", found: found ?? current.display)
    }

    /// The depth of a parsed expression (a leaf is 1). Recursive, but over trees the parser
    /// already bounded.
    static func depth(of e: Expression) -> Int {
        switch e {
        case .unary(_, let a): return depth(of: a) + 1
        case .binary(_, let a, let b): return max(depth(of: a), depth(of: b)) + 1
        case .membership(let a, let list, _): return list.reduce(depth(of: a)) { max($0, depth(of: $1)) } + 1
        case .call(_, let args): return args.reduce(0) { max($0, depth(of: $1)) } + 1
        default: return 1
        }
    }

    // MARK: Tokens

    private mutating func advance() throws(QuerySyntaxError) {
        lastEnd = current.end
        lexer.seek(current.end)
        current = try lexer.next()
    }

    private func fail(_ expected: String) -> QuerySyntaxError {
        QuerySyntaxError(text: text, offset: current.start, expected: expected, found: current.display)
    }
}

extension String {
    fileprivate var trimmingQuotes: String { hasPrefix("'") && hasSuffix("'") && count >= 2 ? String(dropFirst().dropLast()) : self }
}
