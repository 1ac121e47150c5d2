/// A JSON path inside an EMF record, kept as indices so the decoder builds no string unless it
/// reports a violation, e.g. `_aws.CloudWatchMetrics[0].Dimensions[1][2]`.
struct EMFPath: CustomStringConvertible {
    /// `_aws.CloudWatchMetrics` or (v0) `CloudWatchMetrics`.
    var root: StaticString
    /// The directive index, or -1 for the directive array itself.
    var directive = -1
    /// `.Dimensions`, `.Metrics` or empty.
    var section: StaticString = ""
    /// The dimension set or metric index, or -1.
    var index = -1
    /// The key index inside a dimension set, or -1.
    var key = -1
    /// A trailing member such as `.Unit`, or empty.
    var leaf: StaticString = ""

    /// This path with a trailing member.
    func appending(_ leaf: StaticString) -> EMFPath {
        var path = self
        path.leaf = leaf
        return path
    }

    /// The rendered path.
    var description: String {
        var text = "\(root)"
        if directive >= 0 { text += "[\(directive)]" }
        text += "\(section)"
        if index >= 0 { text += "[\(index)]" }
        if key >= 0 { text += "[\(key)]" }
        return text + "\(leaf)"
    }
}
