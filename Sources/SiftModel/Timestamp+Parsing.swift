extension Timestamp {
    /// Parses the time formats users and exports write.
    ///
    /// Accepts ISO 8601 in UTC or with an offset (`2024-05-01T08:00:00.123Z`, `...+02:00`,
    /// fractions up to nanoseconds), the Logs Insights form (`2024-05-01 08:00:00.123`, UTC), a
    /// date alone (`2024-05-01`, midnight UTC), and epoch milliseconds (`1714550400123`).
    /// Returns `nil` for anything else, and for instants a `Timestamp` cannot hold (before
    /// 1678 or after 2261).
    public init?(parsing text: String) {
        let bytes = Array(text.utf8)
        if !bytes.isEmpty, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), bytes.count <= 16, let ms = Int64(text) {
            guard ms <= Int64.max / 1_000_000 else { return nil }
            self.init(millisecondsSinceEpoch: ms)
            return
        }
        guard let nanos = bytes.withUnsafeBytes({ Timestamp.parseISO8601($0) }) else { return nil }
        self.init(nanosecondsSinceEpoch: nanos)
    }

    /// Parses ISO 8601 bytes (see ``init(parsing:)``) into nanoseconds since the epoch; `nil`
    /// for years outside 1678...2261, whose nanoseconds do not fit.
    public static func parseISO8601(_ b: UnsafeRawBufferPointer) -> Int64? {
        func digits(_ at: Int, _ count: Int) -> Int64? {
            guard at + count <= b.count else { return nil }
            var value: Int64 = 0
            for i in at..<(at + count) {
                let d = b[i]
                guard d >= 0x30 && d <= 0x39 else { return nil }
                value = value * 10 + Int64(d - 0x30)
            }
            return value
        }
        guard b.count >= 10, let year = digits(0, 4), b[4] == UInt8(ascii: "-"), let month = digits(5, 2),
            b[7] == UInt8(ascii: "-"), let day = digits(8, 2), (1...12).contains(month), (1...31).contains(day),
            (1678...2261).contains(year)
        else { return nil }
        var nanos = daysFromCivil(year: year, month: month, day: day) * 86_400 * 1_000_000_000
        var i = 10
        if i == b.count { return nanos }
        guard b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: " ") || b[i] == UInt8(ascii: "t") else { return nil }
        guard let hour = digits(i + 1, 2), b.count > i + 3, b[i + 3] == UInt8(ascii: ":"), let minute = digits(i + 4, 2),
            hour < 24, minute < 60
        else { return nil }
        i += 6
        var second: Int64 = 0
        if i < b.count, b[i] == UInt8(ascii: ":") {
            guard let s = digits(i + 1, 2), s < 61 else { return nil }
            second = s
            i += 3
        }
        nanos += ((hour * 60 + minute) * 60 + second) * 1_000_000_000
        if i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
            i += 1
            var scale: Int64 = 100_000_000
            var fraction: Int64 = 0
            let start = i
            while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 {
                fraction += Int64(b[i] - 0x30) * scale
                scale /= 10
                i += 1
            }
            guard i > start else { return nil }
            nanos += fraction
        }
        if i == b.count { return nanos }
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") { return i + 1 == b.count ? nanos : nil }
        guard b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") else { return nil }
        let sign: Int64 = b[i] == UInt8(ascii: "+") ? 1 : -1
        guard let offsetHours = digits(i + 1, 2) else { return nil }
        var j = i + 3
        if j < b.count, b[j] == UInt8(ascii: ":") { j += 1 }
        let offsetMinutes = digits(j, 2) ?? 0
        if digits(j, 2) != nil { j += 2 }
        guard j == b.count else { return nil }
        return nanos - sign * (offsetHours * 60 + offsetMinutes) * 60 * 1_000_000_000
    }
}
