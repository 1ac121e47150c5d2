import SiftModel

/// A `--since` / `--until` bound: an absolute time, or a duration back from the latest event.
public enum LogTimeBound: Sendable, Equatable {
    /// Epoch milliseconds.
    case absolute(millis: Int64)
    /// This many milliseconds before the latest event timestamp in the data (`-2h`).
    case beforeLatest(millis: Int64)

    /// Reads `-30s`, `-15m`, `-2h`, `-1d`, `-1w` (relative), or anything ``Timestamp/init(parsing:)``
    /// accepts (ISO 8601, Insights form, a date, epoch milliseconds).
    public init?(parsing text: String) {
        if text.hasPrefix("-"), let unit = text.last, let amount = Int64(text.dropFirst().dropLast()), amount >= 0 {
            let scale: Int64
            switch unit {
            case "s": scale = 1000
            case "m": scale = 60_000
            case "h": scale = 3_600_000
            case "d": scale = 86_400_000
            case "w": scale = 7 * 86_400_000
            default: return nil
            }
            self = .beforeLatest(millis: amount * scale)
            return
        }
        guard let time = Timestamp(parsing: text) else { return nil }
        self = .absolute(millis: time.millisecondsSinceEpoch)
    }

    /// Whether the bound needs the latest timestamp of the data (a first pass or buffering).
    public var isRelative: Bool {
        if case .beforeLatest = self { return true }
        return false
    }

    /// The bound in epoch milliseconds, given the latest event timestamp.
    public func resolve(latestMillis: Int64) -> Int64 {
        switch self {
        case .absolute(let millis): return millis
        case .beforeLatest(let millis): return latestMillis - millis
        }
    }
}
