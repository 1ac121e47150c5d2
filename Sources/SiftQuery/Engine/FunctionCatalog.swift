/// The functions a query may call, with their argument counts, for the parser's checks.
public enum FunctionCatalog {
    /// Aggregate functions (only in `stats`), with their minimum and maximum argument counts.
    public static let aggregates: [String: ClosedRange<Int>] = [
        "count": 0...1, "count_distinct": 1...1, "sum": 1...1, "avg": 1...1, "min": 1...1, "max": 1...1,
        "pct": 2...2, "percentile": 2...2, "stddev": 1...1, "earliest": 1...1, "latest": 1...1,
        "sortsFirst": 1...1, "sortsLast": 1...1,
    ]

    /// Scalar functions, with their minimum and maximum argument counts.
    public static let scalars: [String: ClosedRange<Int>] = [
        // strings
        "strlen": 1...1, "toupper": 1...1, "tolower": 1...1, "trim": 1...1, "ltrim": 1...1, "rtrim": 1...1,
        "substr": 2...3, "replace": 3...3, "concat": 1...64, "strcontains": 2...2, "isempty": 1...1, "isblank": 1...1,
        // numbers
        "abs": 1...1, "ceil": 1...1, "floor": 1...1, "greatest": 1...64, "least": 1...64, "log": 1...1, "sqrt": 1...1,
        // datetime
        "bin": 1...1, "datefloor": 2...2, "dateceil": 2...2, "fromMillis": 1...1, "toMillis": 1...1,
        // general
        "ispresent": 1...1, "coalesce": 1...64,
        // IP
        "isValidIp": 1...1, "isValidIpV4": 1...1, "isValidIpV6": 1...1, "isIpInSubnet": 2...2,
        "isIpv4InSubnet": 2...2, "isIpv6InSubnet": 2...2,
        // JSON
        "jsonParse": 1...1, "jsonStringify": 1...1,
    ]

    /// Whether `name` is an aggregate function.
    public static func isAggregate(_ name: String) -> Bool { aggregates[name] != nil }
}
