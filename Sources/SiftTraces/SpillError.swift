/// A failure of the assembler's temporary spill files.
public enum SpillError: Error, Sendable, Equatable {
    /// `mkdtemp` failed for the directory (errno).
    case cannotCreateDirectory(path: String, errno: Int32)
    /// Opening, writing or reading a partition file failed (errno).
    case io(path: String, errno: Int32)
    /// A spill record did not decode (the file was changed or truncated underneath us).
    case corruptRecord(offset: Int)
}
