#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A buffered writer to a file descriptor (stdout by default) that stops quietly on a broken pipe.
///
/// `sift cat big.gz | head -1` must print nothing on stderr: when the reader goes away, `write(2)`
/// fails with `EPIPE` (sift ignores `SIGPIPE`), the writer remembers it, drops further output, and
/// the command ends with status 0. Other write errors are remembered in `failure`.
///
/// ```swift
/// let out = OutputWriter()
/// out.write("hello\n")
/// out.flush()
/// ```
public final class OutputWriter {
    private let fileDescriptor: Int32
    private var buffer: [UInt8]
    private let capacity: Int
    /// `true` once the reader of the output has gone away (EPIPE); later writes are dropped.
    public private(set) var isBrokenPipe = false
    /// The `errno` of a write failure other than `EPIPE`, if one happened.
    public private(set) var failure: Int32?

    /// Creates a writer.
    /// - Parameters:
    ///   - fileDescriptor: where to write; standard output by default.
    ///   - capacity: bytes buffered before a `write(2)`.
    public init(fileDescriptor: Int32 = 1, capacity: Int = 1 << 16) {
        self.fileDescriptor = fileDescriptor
        self.capacity = capacity
        self.buffer = []
        buffer.reserveCapacity(capacity)
    }

    deinit { flush() }

    /// Whether writing can still reach the reader (no broken pipe, no failure).
    public var isOpen: Bool { !isBrokenPipe && failure == nil }

    /// Appends text.
    public func write(_ text: String) {
        guard isOpen else { return }
        var text = text
        text.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }

    /// Appends bytes.
    public func write(_ bytes: UnsafeRawBufferPointer) {
        guard isOpen else { return }
        buffer.append(contentsOf: bytes)
        if buffer.count >= capacity { flush() }
    }

    /// Appends bytes.
    public func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { write($0) }
    }

    /// Writes out everything buffered.
    public func flush() {
        guard isOpen, !buffer.isEmpty else {
            buffer.removeAll(keepingCapacity: true)
            return
        }
        buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fileDescriptor, raw.baseAddress! + offset, raw.count - offset)
                if n >= 0 {
                    offset += n
                    continue
                }
                let code = errno
                if code == EINTR || code == EAGAIN { continue }
                if code == EPIPE { isBrokenPipe = true } else { failure = code }
                return
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Makes broken pipes visible as `EPIPE` instead of killing the process; call once at startup.
    public static func ignoreBrokenPipeSignal() {
        signal(SIGPIPE, SIG_IGN)
    }
}
