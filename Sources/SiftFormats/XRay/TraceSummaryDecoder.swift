import SiftJSON
import SiftModel

/// Decodes `get-trace-summaries` responses (`{"TraceSummaries": [...]}`, possibly several, or
/// wrapped as `{"responses": [...]}`) into ``TraceSummary`` values. A cold path: each response
/// is parsed as a ``JSONValue``.
public enum TraceSummaryDecoder {
    /// The summaries of one response document.
    ///
    /// - Throws: `JSONScanError` when the document is not valid JSON.
    public static func summaries(_ document: UnsafeRawBufferPointer, location: InputLocation) throws(JSONScanError) -> [TraceSummary] {
        var result: [TraceSummary] = []
        collect(try JSONValue.parse(document), location, into: &result)
        return result
    }

    private static func collect(_ value: JSONValue, _ location: InputLocation, into result: inout [TraceSummary]) {
        for response in value["responses"]?.arrayValue ?? [] { collect(response, location, into: &result) }
        for item in value["TraceSummaries"]?.arrayValue ?? [] {
            guard let id = item["Id"]?.stringValue else { continue }
            var summary = TraceSummary(id: id, location: location)
            if let seconds = item["StartTime"]?.doubleValue {
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
            summary.httpStatus = item["Http"]?["HttpStatus"]?.doubleValue.map { Int($0) }
            summary.services = (item["ServiceIds"]?.arrayValue ?? []).compactMap { $0["Name"]?.stringValue }
            result.append(summary)
        }
    }
}
