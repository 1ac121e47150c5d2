import SiftModel

/// The rules for choosing between two versions of the same (trace id, span id).
///
/// A total order, so the kept version never depends on arrival order: a complete version beats
/// an in-progress one; between complete versions the later end wins, then the larger estimated
/// size (more fields recorded); remaining ties compare the content's text.
enum SpanVersion {
    /// Whether `a` should be kept instead of `b`.
    static func isPreferred(_ a: Span, over b: Span) -> Bool {
        switch (a.end, b.end) {
        case (.some, .none): return true
        case (.none, .some): return false
        case (.some(let ea), .some(let eb)) where ea != eb: return ea > eb
        default: break
        }
        let sa = SpanSize.estimatedBytes(a), sb = SpanSize.estimatedBytes(b)
        if sa != sb { return sa > sb }
        return String(describing: a) > String(describing: b)
    }

    /// The span without its read location: two copies from different files compare equal.
    static func content(_ span: Span) -> Span {
        var copy = span
        copy.location = nil
        return copy
    }
}
