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
}

extension Diagnostics {
    /// Records a JSON error found `error.offset` bytes into a record that starts at `location`.
    public mutating func recordJSON(_ error: JSONScanError, in location: InputLocation) {
        var at = location
        at.byteOffset += Int64(error.offset)
        record(DecodeError(.json(error.reason), at: at))
    }
}
