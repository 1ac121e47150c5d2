import SiftRender

/// An ``OutputWriter`` handed to the partial of a streaming report (`cat`, `logs`), which
/// writes as it reads.
///
/// Streaming reports read their inputs one after another (``Report/readsInputsInOrder``), so
/// exactly one thread writes at a time; that is what makes sharing the writer sound.
final class SharedOutput: @unchecked Sendable {
    /// The writer.
    let writer: OutputWriter

    init(_ writer: OutputWriter) { self.writer = writer }
}
