/// Where a record came from: the input, the line or record number, and the byte offset.
///
/// Every decoded record and every diagnostic carries one, so an error message can point the user
/// at the exact place in the input (`exports/a/000000.gz:42 (byte 1834)`).
///
/// ```swift
/// let location = InputLocation(source: "a.gz", line: 42, byteOffset: 1834)
/// print(location)   // a.gz:42 (byte 1834)
/// ```
public struct InputLocation: Sendable, Hashable, CustomStringConvertible {
    /// The input's name: a path, `<stdin>`, or a path with a suffix such as `#member2`.
    public var source: String
    /// The 1-based line number, for line-framed inputs.
    public var line: Int?
    /// The 1-based record number, for concatenated or array JSON inputs.
    public var record: Int?
    /// The byte offset of the record's first byte in the decompressed stream.
    public var byteOffset: Int64
    /// The 1-based gzip member the record came from, when the input is a multi-member gzip file.
    public var member: Int?

    /// Creates a location.
    public init(source: String, line: Int? = nil, record: Int? = nil, byteOffset: Int64 = 0, member: Int? = nil) {
        self.source = source
        self.line = line
        self.record = record
        self.byteOffset = byteOffset
        self.member = member
    }

    /// `source:line (byte N)`, or `source record R (byte N)`, plus the gzip member when known; the
    /// source is terminal-safe (``DisplayText``).
    public var description: String {
        var text = DisplayText.escaped(source)
        if let line { text += ":\(line)" } else if let record { text += " record \(record)" }
        if let member, member > 1 { text += " (gzip member \(member), byte \(byteOffset))" } else { text += " (byte \(byteOffset))" }
        return text
    }
}
