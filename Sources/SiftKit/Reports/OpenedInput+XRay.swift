import SiftFormats
import SiftJSON
import SiftModel

extension OpenedInput {
    /// Parses every X-Ray document of this input under the one policy all span reports share.
    ///
    /// An input without X-Ray documents is noted and not read; a document that is not valid JSON
    /// or lacks a required field (`id`, `trace_id`, `start_time`, `end_time` or `in_progress`) is
    /// skipped and counted with its location; every other document reaches `body`.
    ///
    /// - Parameters:
    ///   - includeSubsegments: whether nested subsegments become nodes (else they are skipped,
    ///     checked for structure only).
    ///   - readsOnlySQLFieldsOfSubsegments: whether nested subsegments keep only the fields SQL
    ///     statistics read (see ``XRayDocumentParser/readsOnlySQLFieldsOfSubsegments``).
    ///   - diagnostics: where skipped documents are counted.
    ///   - isDone: checked before each document; once it returns `true` the rest are counted but
    ///     no longer parsed (a query whose `limit` is full).
    ///   - body: receives the parser, whose `nodes` describe the document until `body` returns,
    ///     and the document's location.
    /// - Returns: the number of documents read.
    func forEachXRayDocument(
        includeSubsegments: Bool = true, readsOnlySQLFieldsOfSubsegments: Bool = false, _ diagnostics: inout Diagnostics,
        isDone: () -> Bool = { false },
        _ body: (_ parser: XRayDocumentParser, _ location: InputLocation, _ diagnostics: inout Diagnostics) -> Void
    ) -> Int {
        guard format.holdsXRayDocuments else {
            diagnostics.note("inputs without X-Ray documents (\(format.rawValue))")
            return 0
        }
        var parser = XRayDocumentParser(
            includeSubsegments: includeSubsegments, readsOnlySQLFieldsOfSubsegments: readsOnlySQLFieldsOfSubsegments)
        defer { parser.deallocate() }
        var reader = XRayDocumentReader(self)
        var records = 0
        reader.forEachDocument(&diagnostics) { document, location, diagnostics in
            records += 1
            if isDone() { return }
            do throws(JSONScanError) {
                try parser.parse(document)
            } catch {
                diagnostics.recordJSON(error, in: location)
                return
            }
            if let missing = parser.nodes[0].missingRequiredField {
                diagnostics.record(DecodeError(.missingField(missing), at: location))
                return
            }
            body(parser, location, &diagnostics)
        }
        return records
    }
}
