import SiftJSON
import SiftModel

extension XRayNode {
    /// The first required field this node lacks (`id`, `trace_id`, `start_time`, `end_time` or
    /// `in_progress`), or `nil` when it has them all. Embedded subsegments inherit `trace_id`.
    public var missingRequiredField: String? {
        if id.isEmpty { return "id" }
        if traceID.isEmpty { return "trace_id" }
        if startTime == nil { return "start_time" }
        if endTime == nil && !inProgress { return "end_time" }
        return nil
    }

    /// The largest magnitude, in seconds from the epoch, of a time sift accepts (about the years
    /// 1824 to 2115): times fit a ``Timestamp`` in nanoseconds, and so does the difference of
    /// any two of them.
    public static let maxAbsoluteSeconds = 4.6e9

    /// The first time field of this node that is not finite or lies outside
    /// ±``maxAbsoluteSeconds`` (e.g. `start_time` in milliseconds, `1e400`), with a detail for
    /// the diagnostic; `nil` when every present time is in range. A document with such a node
    /// is skipped as an invalid field, never clamped: its times would be meaningless.
    public var invalidTimeField: (name: String, detail: String)? {
        func check(_ name: String, _ value: Double?, _ text: UnsafeRawBufferPointer) -> (name: String, detail: String)? {
            guard let value, !(value.isFinite && abs(value) <= XRayNode.maxAbsoluteSeconds) else { return nil }
            let shown = text.isEmpty ? String(value) : String(decoding: text.prefix(40), as: UTF8.self)
            return (name, "\(shown) is not a time in seconds since the epoch (at most \(Int64(XRayNode.maxAbsoluteSeconds)))")
        }
        return check("start_time", startTime, startTimeText) ?? check("end_time", endTime, endTimeText)
    }
}

extension Array where Element == XRayNode {
    /// The first invalid time among the nodes (see ``XRayNode/invalidTimeField``).
    public var invalidTimeField: (name: String, detail: String)? {
        for node in self { if let invalid = node.invalidTimeField { return invalid } }
        return nil
    }
}

extension Diagnostics {
    /// Records a JSON error found `error.offset` bytes into a record that starts at `location`.
    public mutating func recordJSON(_ error: JSONScanError, in location: InputLocation) {
        var at = location
        at.byteOffset += Int64(error.offset)
        record(DecodeError(.json(error.reason), at: at))
    }
}
