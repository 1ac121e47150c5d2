import SiftBytes
import SiftFormats

/// What a run reads and how: the inputs, format override, limits and parallelism.
///
/// The CLI resolves its flags into one of these once (ripgrep's low-level args → high-level
/// args); scripts build one directly.
public struct RunOptions: Sendable {
    /// Files, directories (walked recursively) and `-` for standard input; empty means stdin.
    public var paths: [String]
    /// Read every input as this format instead of detecting it.
    public var inputFormat: InputFormat?
    /// Stop at the first malformed record.
    public var strict: Bool
    /// The longest accepted line or JSON value.
    public var maxRecordBytes: Int
    /// Worker threads.
    public var workers: Int
    /// The log group for inputs that do not name one (S3 exports, filter-log-events).
    public var logGroup: String?
    /// Draw a progress line on stderr while the run reads (the CLI sets it when stderr is a terminal).
    public var progress: Bool

    /// Creates options with defaults: stdin, detection, lenient, 16 MiB records, all cores.
    public init(
        paths: [String] = [], inputFormat: InputFormat? = nil, strict: Bool = false, maxRecordBytes: Int = LineFramer.defaultMaxLineBytes,
        workers: Int = ParallelMap.defaultWorkers, logGroup: String? = nil, progress: Bool = false
    ) {
        self.paths = paths
        self.inputFormat = inputFormat
        self.strict = strict
        self.maxRecordBytes = maxRecordBytes
        self.workers = workers
        self.logGroup = logGroup
        self.progress = progress
    }
}
