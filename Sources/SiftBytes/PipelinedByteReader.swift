import Glibc

/// A ``ByteReader`` running on its own thread, so one large input is inflated on one core while
/// the caller frames and decodes on another.
///
/// A background pthread reads and inflates into a small bounded ring of buffers (default 4 ×
/// 1 MiB); ``read(into:)`` copies out of the oldest full buffer (a `memcpy`, about 1/30 of the
/// inflate cost). Semantics match ``ByteReader``: bytes in order, one gzip member per call,
/// errors delivered in order after the bytes before them, then `0` forever.
///
/// Worth it for compressed inputs when the consumer does real work per byte: the stages overlap,
/// so throughput approaches the slower of inflate and consume instead of their sum. For plain
/// files it buys little. Memory per input: the ring plus the wrapped reader's buffers.
///
/// Peek (``ByteReader/peek(_:)``) on the reader *before* wrapping it; after that the wrapped
/// reader belongs to the background thread. Dropping the pipelined reader stops the thread and
/// waits for it (at most one `read(2)` or one inflate of `slotBytes`).
///
/// ```swift
/// let reader = try ByteReader(.file("big.jsonl.gz"))
/// let head = try reader.peek(64)                  // sniff the format first
/// var lines = LineFramer(PipelinedByteReader(reader))
/// while let line = try lines.next() { … }
/// ```
public final class PipelinedByteReader: ByteStream {
    /// One ring slot: a buffer and what the producer put in it.
    private struct Slot {
        var bytes: UnsafeMutableRawBufferPointer
        var count = 0
        var member = 0
        var error: InputError?
    }

    /// State shared by the two threads; every field except the slot bytes is guarded by `mutex`.
    private final class Ring: @unchecked Sendable {
        let reader: ByteReader
        let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        let notEmpty = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
        let notFull = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
        var slots: [Slot]
        var head = 0
        var tail = 0
        var filled = 0
        var cancelled = false

        init(reader: ByteReader, slotCount: Int, slotBytes: Int) {
            self.reader = reader
            slots = (0..<slotCount).map { _ in Slot(bytes: .allocate(byteCount: slotBytes, alignment: 16)) }
            pthread_mutex_init(mutex, nil)
            pthread_cond_init(notEmpty, nil)
            pthread_cond_init(notFull, nil)
        }

        deinit {
            for slot in slots { slot.bytes.deallocate() }
            pthread_mutex_destroy(mutex)
            pthread_cond_destroy(notEmpty)
            pthread_cond_destroy(notFull)
            mutex.deallocate()
            notEmpty.deallocate()
            notFull.deallocate()
        }

        /// The producer loop, on the background thread.
        func produce() {
            while true {
                pthread_mutex_lock(mutex)
                while filled == slots.count && !cancelled { pthread_cond_wait(notFull, mutex) }
                if cancelled {
                    pthread_mutex_unlock(mutex)
                    return
                }
                let index = tail
                let bytes = slots[index].bytes
                pthread_mutex_unlock(mutex)

                // Safe without the lock: the consumer never touches a slot until it is published.
                var count = 0
                var member = 0
                var failure: InputError?
                do {
                    count = try reader.read(into: bytes)
                    member = reader.currentMember
                } catch {
                    failure = error
                }

                pthread_mutex_lock(mutex)
                slots[index].count = count
                slots[index].member = member
                slots[index].error = failure
                tail = (tail + 1) % slots.count
                filled += 1
                pthread_cond_signal(notEmpty)
                pthread_mutex_unlock(mutex)
                if count == 0 { return }  // End of input or an error: the consumer sees it last.
            }
        }
    }

    private let ring: Ring
    private var thread = pthread_t()
    private var started = false
    private var done = false
    /// The slot being drained by the consumer, and how far.
    private var current: Slot?
    private var currentOffset = 0
    private var memberOfLastRead = 0

    /// The input being read.
    public let source: InputSource
    /// The compression of the input as stored.
    public let compression: Compression
    /// Decompressed bytes handed out by ``read(into:)``.
    public private(set) var decompressedBytesRead: Int64 = 0

    /// Takes over `reader` and starts inflating it on a background thread.
    ///
    /// - Parameters:
    ///   - reader: a reader not used by anyone else from now on.
    ///   - slots: ring length (at least 2; default 4).
    ///   - slotBytes: bytes per ring buffer (default 1 MiB).
    public init(_ reader: ByteReader, slots: Int = 4, slotBytes: Int = 1 << 20) {
        source = reader.source
        compression = reader.compression
        ring = Ring(reader: reader, slotCount: max(2, slots), slotBytes: max(1, slotBytes))
        let context = Unmanaged.passRetained(ring).toOpaque()
        let status = pthread_create(
            &thread,
            nil,
            { context in
                let ring = Unmanaged<Ring>.fromOpaque(context!).takeRetainedValue()
                ring.produce()
                return nil
            },
            context
        )
        if status == 0 {
            started = true
        } else {
            // No thread (resource limits): run the producer inline, one slot at a time, from read(into:).
            Unmanaged<Ring>.fromOpaque(context).release()
        }
    }

    /// Opens `source` and pipelines it; see ``ByteReader/init(_:inflater:bufferBytes:)``.
    public convenience init(_ source: InputSource, slots: Int = 4, slotBytes: Int = 1 << 20) throws(InputError) {
        self.init(try ByteReader(source), slots: slots, slotBytes: slotBytes)
    }

    deinit {
        pthread_mutex_lock(ring.mutex)
        ring.cancelled = true
        pthread_cond_broadcast(ring.notFull)
        pthread_mutex_unlock(ring.mutex)
        if started { pthread_join(thread, nil) }
    }

    /// The 1-based gzip member of the bytes returned by the last ``read(into:)``; `0` when not gzip.
    public var currentMember: Int { memberOfLastRead }

    /// Reads up to `buffer.count` decompressed bytes; `0` means the end. Same contract as ``ByteReader/read(into:)``.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        if done || buffer.count == 0 { return 0 }
        if current == nil {
            if !started { produceInline() }  // No thread: fill one slot here.
            pthread_mutex_lock(ring.mutex)
            while ring.filled == 0 { pthread_cond_wait(ring.notEmpty, ring.mutex) }
            let slot = ring.slots[ring.head]
            pthread_mutex_unlock(ring.mutex)
            if let error = slot.error {
                done = true
                throw error
            }
            if slot.count == 0 {
                done = true
                return 0
            }
            current = slot
            currentOffset = 0
        }
        let slot = current!
        let n = min(buffer.count, slot.count - currentOffset)
        buffer.baseAddress!.copyMemory(from: slot.bytes.baseAddress! + currentOffset, byteCount: n)
        currentOffset += n
        memberOfLastRead = slot.member
        decompressedBytesRead += Int64(n)
        if currentOffset == slot.count {
            current = nil
            pthread_mutex_lock(ring.mutex)
            ring.head = (ring.head + 1) % ring.slots.count
            ring.filled -= 1
            pthread_cond_signal(ring.notFull)
            pthread_mutex_unlock(ring.mutex)
        }
        return n
    }

    private func produceInline() {
        let slot = ring.slots[ring.tail]
        do {
            ring.slots[ring.tail].count = try ring.reader.read(into: slot.bytes)
            ring.slots[ring.tail].member = ring.reader.currentMember
            ring.slots[ring.tail].error = nil
        } catch {
            ring.slots[ring.tail].count = 0
            ring.slots[ring.tail].error = error
        }
        ring.tail = (ring.tail + 1) % ring.slots.count
        ring.filled += 1
    }
}
