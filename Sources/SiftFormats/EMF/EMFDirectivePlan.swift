/// The parsed form of one `CloudWatchMetrics` array: what to extract, before any record's values
/// are looked at. Records from one emitter repeat the same array, so ``EMFDecoder`` parses each
/// distinct array once and resolves only the targets per record.
struct DirectivePlan {
    /// One directive.
    struct Directive {
        /// The namespace id.
        var namespace: Int32
        /// Indices into ``DirectivePlan/sets``.
        var sets: Range<Int>
        /// Indices into ``DirectivePlan/metrics``.
        var metrics: Range<Int>
        /// `false` when a structural violation keeps the directive from producing metrics.
        var usable: Bool
    }

    /// One metric definition.
    struct Metric {
        /// The name id (also the target key).
        var name: Int32
        /// The unit id.
        var unit: Int32
        /// 1 or 60.
        var storageResolution: Int
        /// `true` when the definition produces no metric (invalid `StorageResolution`).
        var dropped: Bool
    }

    /// The directives, in order.
    var directives: [Directive] = []
    /// Each dimension set: indices into ``keys``.
    var sets: [Range<Int>] = []
    /// Dimension key ids.
    var keys: [Int32] = []
    /// Metric definitions.
    var metrics: [Metric] = []
}
