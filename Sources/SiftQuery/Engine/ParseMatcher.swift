/// The compiled pattern of a `parse` command: a glob with `*` captures or a regex with named groups.
struct ParseMatcher: Sendable {
    enum Pattern: Sendable {
        /// Literal pieces around the `*`s (one more piece than captures).
        case glob([[UInt8]])
        case regex(QueryRegex, groups: [Int])
    }

    let pattern: Pattern
    /// The fields it sets, in order.
    let names: [String]
    /// Their slots.
    let slots: [Int]

    init(_ parsePattern: ParsePattern, slots table: FieldSlots) {
        switch parsePattern {
        case .glob(let text, let names):
            pattern = .glob(text.split(separator: "*", omittingEmptySubsequences: false).map { Array($0.utf8) })
            self.names = names
        case .regex(let text, let insensitive):
            // The parser validated the regex.
            let regex = try! QueryRegex(text, caseInsensitive: insensitive)
            pattern = .regex(regex, groups: regex.namedGroups.map(\.index))
            self.names = regex.namedGroups.map(\.name)
        }
        slots = names.map(table.slot)
    }

    /// The captured values, or `nil` when the text does not match.
    ///
    /// A glob matches anywhere in the text: the first literal piece is searched for, each `*`
    /// takes the shortest run up to the next piece, and a trailing `*` takes the rest.
    func captures(_ text: String) -> [QueryValue]? {
        let bytes = Array(text.utf8)
        switch pattern {
        case .regex(let regex, let groups):
            guard let match = regex.firstMatch(bytes) else { return nil }
            return groups.map { index in match[index].map { .string(String(decoding: bytes[$0], as: UTF8.self)) } ?? .null }
        case .glob(let pieces):
            guard var position = ParseMatcher.find(pieces[0], in: bytes, from: 0) else { return nil }
            position += pieces[0].count
            var values: [QueryValue] = []
            for piece in pieces.dropFirst() {
                if piece.isEmpty && piece == pieces.last! {
                    values.append(.string(String(decoding: bytes[position...], as: UTF8.self)))
                    position = bytes.count
                    continue
                }
                guard let next = ParseMatcher.find(piece, in: bytes, from: position) else { return nil }
                values.append(.string(String(decoding: bytes[position..<next], as: UTF8.self)))
                position = next + piece.count
            }
            return values
        }
    }

    static func find(_ needle: [UInt8], in hay: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty else { return from }
        guard hay.count >= needle.count, from <= hay.count - needle.count else { return nil }
        outer: for i in from...(hay.count - needle.count) where hay[i] == needle[0] {
            for j in 1..<needle.count where hay[i + j] != needle[j] { continue outer }
            return i
        }
        return nil
    }
}
