import SiftJSON
import Testing

/// `skipValueStructure()`: brackets and string ends checked, interiors not validated.
@Suite struct StructuralSkipTests {
    /// Skips the value of key `a` in `text` structurally; returns the next key or the error.
    private func skipA(_ text: String) -> Result<String?, JSONScanError> {
        withScanner(bytes(text)) { (s: inout JSONScanner) throws(JSONScanError) -> String? in
            try s.beginObject()
            _ = try s.nextKey()
            try s.skipValueStructure()
            return try s.nextKey().map { String(decoding: $0, as: UTF8.self) }
        }
    }

    @Test("Skips nested containers, strings with brackets and escaped quotes")
    func skipsNested() throws {
        let next = try skipA(#"{"a": [{"x": "]}\"[{", "y": [1, {"z": []}]}, "\\"], "b": 1}"#).get()
        #expect(next == "b")
    }

    @Test("Matches the validating skip's end position on a nested document")
    func agreesWithValidatingSkip() throws {
        let doc = #"{"subsegments": [{"id": "1", "name": "q", "sql": {"sanitized_query": "SELECT \"a\" FROM t WHERE x IN (1,2)"}, "start_time": 1.5e9, "subsegments": [{"n": null, "t": true}]}], "z": 0}"#
        let positions = withScanner(bytes(doc)) { (s: inout JSONScanner) throws(JSONScanError) -> (Int, Int) in
            try s.beginObject()
            _ = try s.nextKey()
            var copy = s
            try s.skipValueStructure()
            try copy.skipValue()
            return (s.offset, copy.offset)
        }
        let (structural, validating) = try positions.get()
        #expect(structural == validating)
    }

    @Test("Interior grammar is not validated")
    func interiorNotValidated() throws {
        let next = try skipA(#"{"a": [tru, 1..2, "bad \q escape", {"k" 1}], "b": 2}"#).get()
        #expect(next == "b")
    }

    @Test("Truncation, unterminated strings and mismatched brackets are errors")
    func structuralErrors() {
        #expect(throws: JSONScanError.self) { try skipA(#"{"a": [{"x": 1}"#).get() }
        #expect(throws: JSONScanError.self) { try skipA(#"{"a": ["abc]}"#).get() }
        #expect(throws: JSONScanError.self) { try skipA(#"{"a": [1, 2}, "b": 1}"#).get() }
        #expect(throws: JSONScanError.self) { try skipA(#"{"a": {"x": [1]]}, "b": 1}"#).get() }
    }

    @Test("Depth beyond maxDepth is an error")
    func depthLimit() {
        let deep = bytes(#"{"a": "# + String(repeating: "[", count: 40) + String(repeating: "]", count: 40) + "}")
        let result = deep.withUnsafeBytes { buffer in
            var scanner = JSONScanner(buffer, maxDepth: 16)
            return Result { () throws(JSONScanError) in
                try scanner.beginObject()
                _ = try scanner.nextKey()
                try scanner.skipValueStructure()
            }
        }
        guard case .failure(let error) = result else { Issue.record("expected an error"); return }
        #expect(error.reason == .depthLimitExceeded)
    }

    @Test("Scalars are skipped with full validation")
    func scalarsValidated() throws {
        #expect(throws: JSONScanError.self) { try skipA(#"{"a": tru, "b": 1}"#).get() }
        #expect(try skipA(#"{"a": "s", "b": 1}"#).get() == "b")
    }
}
