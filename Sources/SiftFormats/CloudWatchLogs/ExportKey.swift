/// What an S3 export object's key says: the log stream name.
///
/// Exports are written as `<prefix>/<taskId>/<logStreamName>/NNNNNN.gz`. The stream name may
/// contain `/` (Lambda's `2024/05/01/[$LATEST]…`, ECS's `ecs/api/<task>`), so it is **everything
/// between the task-id segment and the part file**, not one path segment.
///
/// Heuristic: the task id is the last path segment shaped like a UUID (8-4-4-4-12 hex digits)
/// before the file name. Without such a segment (a copied or renamed tree) the stream is the
/// parent directory's name. The part file may be renamed or already gunzipped; it is always the
/// last segment.
public enum ExportKey {
    /// The stream name for an export part at `path`, or `nil` when the path has no directory.
    public static func streamName(path: String) -> String? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        guard segments.count >= 2 else { return nil }
        let directories = segments.dropLast()
        if let task = directories.lastIndex(where: { isUUID($0) }), task < directories.endIndex - 1 {
            return directories[(task + 1)...].joined(separator: "/")
        }
        return String(directories.last!)
    }

    /// Whether `segment` looks like `bdd640fb-0667-4ad1-9c80-317fa3b1799d`.
    static func isUUID(_ segment: Substring) -> Bool {
        let bytes = segment.utf8
        guard bytes.count == 36 else { return false }
        for (i, b) in bytes.enumerated() {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                if b != UInt8(ascii: "-") { return false }
            } else if !((b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x66)) {
                return false
            }
        }
        return true
    }

    /// Whether `path` is the `aws-logs-write-test` object AWS writes to check bucket permissions.
    public static func isPermissionProbe(path: String) -> Bool {
        path == "aws-logs-write-test" || path.hasSuffix("/aws-logs-write-test")
    }
}
