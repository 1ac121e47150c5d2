import SiftBytes
import Synchronization

/// Bytes and records read so far by every worker of a run, for the progress line.
///
/// Workers publish into it in batches (``ProgressMeter``), so the cost on the decoding path is
/// one counter increment per record and two atomic adds every few thousand records.
public final class ProgressCounters: Sendable {
    private let bytes = Atomic<Int64>(0)
    private let records = Atomic<Int64>(0)

    /// Creates counters at zero.
    public init() {}

    /// On-disk (compressed) bytes read so far.
    public var bytesRead: Int64 { bytes.load(ordering: .relaxed) }
    /// Records read so far.
    public var recordsRead: Int64 { records.load(ordering: .relaxed) }

    /// Adds a worker's progress since its last report.
    public func add(bytes byteCount: Int64, records recordCount: Int64) {
        if byteCount != 0 { bytes.wrappingAdd(byteCount, ordering: .relaxed) }
        if recordCount != 0 { records.wrappingAdd(recordCount, ordering: .relaxed) }
    }
}

/// One worker's batching of progress into ``ProgressCounters``: every 4,096 records it adds the
/// records and the on-disk bytes its reader consumed since the last batch.
struct ProgressMeter {
    private let counters: ProgressCounters?
    private let reader: any CountingByteStream
    private var pending: Int64 = 0
    private var publishedBytes: Int64 = 0

    init(_ counters: ProgressCounters?, reader: any CountingByteStream) {
        self.counters = counters
        self.reader = reader
    }

    /// Counts one record.
    @inline(__always)
    mutating func tick() {
        guard counters != nil else { return }
        pending &+= 1
        if pending & 4095 == 0 { publish() }
    }

    /// Publishes what is left (at the end of the input).
    mutating func finish() {
        if counters != nil { publish() }
    }

    private mutating func publish() {
        let bytes = reader.compressedBytesRead
        counters?.add(bytes: bytes - publishedBytes, records: pending)
        publishedBytes = bytes
        pending = 0
    }
}
