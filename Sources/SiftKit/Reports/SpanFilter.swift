import SiftModel

/// The filters every span report shares: `--since/--until`, `--service`, `--route`, `--min-duration`.
public struct SpanFilter: Sendable {
    /// Keep spans starting at or after this instant.
    public var since: Timestamp?
    /// Keep spans starting before this instant.
    public var until: Timestamp?
    /// Keep only these services (segment names); empty keeps all.
    public var services: [String] = []
    /// Keep routes matching this glob (`*`, `?`).
    public var routeGlob: String?
    /// Keep spans at least this long, in milliseconds.
    public var minDurationMilliseconds: Double?

    /// Creates a filter that keeps everything.
    public init() {}

    /// Whether a span starting at `startSeconds` passes the time window.
    @inlinable
    public func admits(startSeconds: Double) -> Bool {
        if let since, startSeconds < since.secondsSinceEpoch { return false }
        if let until, startSeconds >= until.secondsSinceEpoch { return false }
        return true
    }

    /// Whether a duration passes `--min-duration`.
    @inlinable
    public func admits(durationMilliseconds: Double) -> Bool {
        guard let minDurationMilliseconds else { return true }
        return durationMilliseconds >= minDurationMilliseconds
    }

    /// Whether a service passes `--service`.
    public func admits(service: String) -> Bool { services.isEmpty || services.contains(service) }

    /// Whether a route passes `--route`.
    public func admits(route: String) -> Bool {
        guard let routeGlob else { return true }
        return Glob.matches(routeGlob, route)
    }
}

/// Shell-style glob matching with `*` (any run, including `/`) and `?` (one character).
public enum Glob {
    /// Whether `text` matches `pattern` as a whole.
    public static func matches(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern.utf8), t = Array(text.utf8)
        var pi = 0, ti = 0, star = -1, mark = 0
        while ti < t.count {
            if pi < p.count && (p[pi] == UInt8(ascii: "?") || p[pi] == t[ti]) {
                pi += 1
                ti += 1
            } else if pi < p.count && p[pi] == UInt8(ascii: "*") {
                star = pi
                mark = ti
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                ti = mark
            } else {
                return false
            }
        }
        while pi < p.count && p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.count
    }
}
