import SiftJSON
import SiftModel

/// Decodes `get-trace-summaries` responses (`{"TraceSummaries": [...]}`, possibly several, or
/// wrapped as `{"responses": [...]}`) into ``TraceSummary`` values. A cold path: each response
/// is parsed as a ``JSONValue``.
public enum TraceSummaryDecoder {
    /// The summaries of one response document.
    ///
    /// A summary whose `StartTime` is not finite or lies beyond ±``XRayNode/maxAbsoluteSeconds``
    /// is skipped and recorded in `diagnostics` as an invalid field; the others are kept.
    ///
    /// - Throws: `JSONScanError` when the document is not valid JSON.
    public static func summaries(
        _ document: UnsafeRawBufferPointer, location: InputLocation, diagnostics: inout Diagnostics
    ) throws(JSONScanError) -> [TraceSummary] {
        var result: [TraceSummary] = []
        collect(try JSONValue.parse(document), location, into: &result, &diagnostics)
        return result
    }

    private static func collect(
        _ value: JSONValue, _ location: InputLocation, into result: inout [TraceSummary], _ diagnostics: inout Diagnostics
    ) {
        for response in value["responses"]?.arrayValue ?? [] { collect(response, location, into: &result, &diagnostics) }
        for item in value["TraceSummaries"]?.arrayValue ?? [] {
            guard let id = item["Id"]?.stringValue else { continue }
            var summary = TraceSummary(id: id, location: location)
            if let seconds = item["StartTime"]?.doubleValue {
                guard seconds.isFinite, abs(seconds) <= XRayNode.maxAbsoluteSeconds else {
                    let detail = "\(seconds) is not a time in seconds since the epoch (at most \(Int64(XRayNode.maxAbsoluteSeconds)))"
                    diagnostics.record(DecodeError(.invalidField("StartTime", detail: detail), at: location))
                    continue
                }
                summary.start = Timestamp(nanosecondsSinceEpoch: Int64((seconds * 1e9).rounded()))
            } else if let text = item["StartTime"]?.stringValue {
                summary.start = Timestamp(parsing: text)
            }
            summary.durationSeconds = item["Duration"]?.doubleValue
            summary.responseTimeSeconds = item["ResponseTime"]?.doubleValue
            summary.hasFault = item["HasFault"]?.boolValue ?? false
            summary.hasError = item["HasError"]?.boolValue ?? false
            summary.hasThrottle = item["HasThrottle"]?.boolValue ?? false
            summary.isPartial = item["IsPartial"]?.boolValue ?? false
            summary.httpMethod = item["Http"]?["HttpMethod"]?.stringValue
            summary.httpURL = item["Http"]?["HttpURL"]?.stringValue
            summary.httpStatus = item["Http"]?["HttpStatus"]?.doubleValue.flatMap { $0.isFinite && abs($0) < 1e9 ? Int($0) : nil }
            summary.services = (item["ServiceIds"]?.arrayValue ?? []).compactMap { $0["Name"]?.stringValue }
            result.append(summary)
        }
    }
}
