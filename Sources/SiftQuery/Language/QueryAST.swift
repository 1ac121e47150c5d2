/// A parsed Logs Insights query: commands separated by `|`, in order.
public struct Query: Sendable, Equatable, CustomStringConvertible {
    /// The commands.
    public var commands: [Command]
    /// The query text it was parsed from.
    public var text: String

    /// Parses `text`, throwing a ``QuerySyntaxError`` that points at the column.
    public init(_ text: String) throws(QuerySyntaxError) {
        var parser = QueryParser(Array(text.utf8))
        self.commands = try parser.parseQuery()
        self.text = text
    }

    /// A compact summary of the commands, e.g. `filter(>(duration, 100)) | stats(count(*) by route)`.
    public var description: String { commands.map(\.description).joined(separator: " | ") }
}

/// One expression, with the query text it came from (used to name output columns).
public indirect enum Expression: Sendable, Hashable, CustomStringConvertible {
    /// A field reference such as `@timestamp` or `http.status`.
    case field(String)
    /// A string literal.
    case string(String)
    /// A number literal.
    case number(Double)
    /// A time span literal in milliseconds (`5m` = 300000).
    case duration(Int64)
    /// A regex literal.
    case regex(String, caseInsensitive: Bool)
    /// `*` as the argument of `count(*)`.
    case star
    /// A unary operator: `not`, `-`.
    case unary(String, Expression)
    /// A binary operator: comparisons, `and`, `or`, `like`, `not like`, `=~`, arithmetic.
    case binary(String, Expression, Expression)
    /// `x in [a, b]` / `x not in [a, b]`.
    case membership(Expression, [Expression], negated: Bool)
    /// A function or aggregate call.
    case call(String, [Expression])

    /// The field names the expression reads.
    public var fieldNames: [String] {
        switch self {
        case .field(let name): return [name]
        case .string, .number, .duration, .regex, .star: return []
        case .unary(_, let e): return e.fieldNames
        case .binary(_, let a, let b): return a.fieldNames + b.fieldNames
        case .membership(let e, let list, _): return e.fieldNames + list.flatMap(\.fieldNames)
        case .call(_, let args): return args.flatMap(\.fieldNames)
        }
    }

    /// Whether the expression calls an aggregate function.
    public var containsAggregate: Bool {
        switch self {
        case .field, .string, .number, .duration, .regex, .star: return false
        case .unary(_, let e): return e.containsAggregate
        case .binary(_, let a, let b): return a.containsAggregate || b.containsAggregate
        case .membership(let e, let list, _): return e.containsAggregate || list.contains(where: \.containsAggregate)
        case .call(let name, let args): return FunctionCatalog.isAggregate(name) || args.contains(where: \.containsAggregate)
        }
    }

    /// A fully parenthesised rendering, for tests and `--explain`.
    public var description: String {
        switch self {
        case .field(let name): return name
        case .string(let s): return "\"\(s)\""
        case .number(let n): return n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
        case .duration(let ms): return "\(ms)ms"
        case .regex(let p, let i): return "/\(p)/" + (i ? "i" : "")
        case .star: return "*"
        case .unary(let op, let e): return "\(op)(\(e))"
        case .binary(let op, let a, let b): return "\(op)(\(a), \(b))"
        case .membership(let e, let list, let negated):
            return (negated ? "notin(" : "in(") + ([e] + list).map(\.description).joined(separator: ", ") + ")"
        case .call(let name, let args): return "\(name)(\(args.map(\.description).joined(separator: ", ")))"
        }
    }
}

/// An expression with the name of the column it produces (`as` alias or its source text).
public struct NamedExpression: Sendable, Equatable, CustomStringConvertible {
    /// The expression.
    public var expression: Expression
    /// The output name.
    public var name: String
    /// Creates a named expression.
    public init(_ expression: Expression, name: String) {
        self.expression = expression
        self.name = name
    }
    /// `expr` or `expr as name` when the name differs from the expression's rendering.
    public var description: String { expression.description == name ? name : "\(expression) as \(name)" }
}

/// A `sort` key.
public struct SortKey: Sendable, Equatable {
    /// What to sort by.
    public var expression: Expression
    /// Descending order.
    public var descending: Bool
}

/// The pattern of a `parse` command.
public enum ParsePattern: Sendable, Equatable {
    /// A glob with `*` captures, named by the `as` list in order.
    case glob(String, names: [String])
    /// A regex whose named groups `(?<name>...)` become fields.
    case regex(String, caseInsensitive: Bool)
}

/// One command of a query pipeline.
public enum Command: Sendable, Equatable, CustomStringConvertible {
    /// `fields a, b as c`: computes fields (and chooses the display when no `display` follows).
    case fields([NamedExpression])
    /// `display a, b`: chooses the output columns.
    case display([String])
    /// `filter expr`: keeps rows where `expr` is true.
    case filter(Expression)
    /// `stats agg, ... by group, ...`.
    case stats(aggregates: [NamedExpression], groups: [NamedExpression])
    /// `sort key [asc|desc], ...`.
    case sort([SortKey])
    /// `limit n`.
    case limit(Int)
    /// `parse field pattern [as names]`.
    case parse(field: String, pattern: ParsePattern)
    /// `dedup a, b`: keeps the first row for each combination.
    case dedup([String])
    /// `unnest field into name`: one row per element of a JSON array.
    case unnest(field: String, into: String)

    /// A compact rendering for tests.
    public var description: String {
        switch self {
        case .fields(let list): return "fields(\(list.map(\.description).joined(separator: ", ")))"
        case .display(let names): return "display(\(names.joined(separator: ", ")))"
        case .filter(let e): return "filter(\(e))"
        case .stats(let aggregates, let groups):
            let by = groups.isEmpty ? "" : " by " + groups.map(\.description).joined(separator: ", ")
            return "stats(\(aggregates.map(\.description).joined(separator: ", "))\(by))"
        case .sort(let keys): return "sort(\(keys.map { "\($0.expression) \($0.descending ? "desc" : "asc")" }.joined(separator: ", ")))"
        case .limit(let n): return "limit(\(n))"
        case .parse(let field, .glob(let pattern, let names)): return "parse(\(field), \"\(pattern)\" as \(names.joined(separator: ", ")))"
        case .parse(let field, .regex(let pattern, _)): return "parse(\(field), /\(pattern)/)"
        case .dedup(let names): return "dedup(\(names.joined(separator: ", ")))"
        case .unnest(let field, let name): return "unnest(\(field) into \(name))"
        }
    }
}
