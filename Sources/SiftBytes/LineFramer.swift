import Glibc
import SiftModel

/// Splits a ``ByteStream`` into lines, lending each one without copying.
///
/// Lines end at `\n`; a `\r` before it is dropped too (CRLF). The last line is returned even
/// without a final newline; empty lines are returned (callers skip them). Bytes pass through
/// unchanged: invalid UTF-8 is the caller's business.
///
/// A line longer than ``maxLineBytes`` throws ``InputError/Kind/lineTooLong(limit:)`` located at
/// its start; the framer discards the rest of it and the next call returns the following line,
/// so callers count the problem and go on. Memory stays at the read buffer size except while a line
/// longer than the buffer is held (at most about `2 × maxLineBytes`).
///
/// - Complexity: one `memchr` pass over the bytes; no allocation per line in steady state.
///
/// ```swift
/// var lines = LineFramer(try ByteReader(.file("000000.gz")))
/// while let line = try lines.next() {
///     if line.isEmpty { continue }
///     handle(line, at: lines.location)   // `line` is valid until the next call
/// }
/// ```
public struct LineFramer {
    /// The default limit of every framer and of `--max-line-bytes`: 16 MiB (OTLP lines of several MB and 1 MB CloudWatch events fit with room to spare).
    public static let defaultMaxLineBytes = 16 << 20
    /// The default read size: 1 MiB.
    public static let defaultBufferBytes = 1 << 20

    private let buffer: FramingBuffer
    /// Longest accepted line in bytes, without its line ending.
    public let maxLineBytes: Int
    private var scan = 0
    private var skipping = false
    private var lineNumber = 0
    /// Where the line returned (or the error thrown) by the last ``next()`` starts: 1-based line
    /// number, decompressed byte offset of its first byte, and gzip member.
    public var location: InputLocation {
        buffer.location(offset: lineOffset, line: lineNumber == 0 ? nil : lineNumber)
    }
    private var lineOffset: Int64 = 0

    /// Creates a framer over `stream`.
    ///
    /// - Parameters:
    ///   - maxLineBytes: the longest accepted line (default 32 MiB).
    ///   - bufferBytes: the size of each read (default 1 MiB); tests force tiny sizes.
    public init(
        _ stream: any ByteStream,
        maxLineBytes: Int = LineFramer.defaultMaxLineBytes,
        bufferBytes: Int = LineFramer.defaultBufferBytes
    ) {
        buffer = FramingBuffer(stream: stream, capacity: bufferBytes)
        self.maxLineBytes = max(1, maxLineBytes)
    }

    /// Returns the next line without its `\n` or `\r\n`, or `nil` at the end of the input.
    ///
    /// The pointer is valid until the next call to `next()`; copy what you keep.
    /// - Throws: ``InputError`` `.lineTooLong` (then continue calling `next()`), or the stream's errors.
    public mutating func next() throws(InputError) -> UnsafeRawBufferPointer? {
        while true {
            let base = buffer.base
            let end = buffer.end
            if scan < end, let hit = memchr(base + scan, 0x0A, end - scan) {
                let newline = UnsafeMutableRawPointer(hit) - base
                let lineStart = buffer.start
                buffer.start = newline + 1
                scan = newline + 1
                if skipping {
                    skipping = false
                    continue
                }
                lineNumber += 1
                lineOffset = buffer.baseOffset + Int64(lineStart)
                var count = newline - lineStart
                if count > 0 && base.load(fromByteOffset: newline - 1, as: UInt8.self) == 0x0D { count -= 1 }
                if count > maxLineBytes { throw InputError(.lineTooLong(limit: maxLineBytes), location: location) }
                return UnsafeRawBufferPointer(start: base + lineStart, count: count)
            }
            scan = end
            if skipping {
                buffer.start = end
            } else if end - buffer.start > maxLineBytes {
                // Too long already and still no newline: report it at its start and skip the rest.
                lineNumber += 1
                lineOffset = buffer.baseOffset + Int64(buffer.start)
                buffer.start = end
                skipping = true
                throw InputError(.lineTooLong(limit: maxLineBytes), location: location)
            }
            if buffer.eof {
                guard buffer.start < end, !skipping else { return nil }
                let lineStart = buffer.start
                buffer.start = end
                lineNumber += 1
                lineOffset = buffer.baseOffset + Int64(lineStart)
                var count = end - lineStart
                if base.load(fromByteOffset: end - 1, as: UInt8.self) == 0x0D { count -= 1 }
                return UnsafeRawBufferPointer(start: base + lineStart, count: count)
            }
            // A stream error names the line after the last one returned.
            try buffer.refill(shift: &scan, line: lineNumber + 1)
        }
    }
}
