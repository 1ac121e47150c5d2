import Glibc
import SiftModel

/// The growable window that framers fill from a ``ByteStream`` and lend records out of.
///
/// Records that fit in the window are lent in place (zero copy). When a record straddles a refill,
/// its partial bytes are moved to the front (`memmove` of the partial record only) and the rest is
/// read behind them; the buffer grows only when one record is larger than the whole buffer, and
/// shrinks back to its normal size once that record is gone. So memory is constant per input
/// except for the largest record allowed by the framer's limit.
///
/// A ``WholeGzipFile`` already holds its whole decoded content: the window then borrows those
/// bytes (one window, already at the end of the stream) instead of copying them in.
final class FramingBuffer {
    let stream: any ByteStream
    let normalCapacity: Int
    private(set) var base: UnsafeMutableRawPointer
    private(set) var capacity: Int
    /// Unconsumed window `[start, end)`.
    var start = 0
    private(set) var end = 0
    /// Decompressed offset of `base[0]`.
    private(set) var baseOffset: Int64 = 0
    private(set) var eof = false
    /// Where the gzip member changes: (decompressed offset, member), oldest first; short.
    private var memberMarks: [(offset: Int64, member: Int)] = []
    private var lastMember = -1

    /// Whether `base` is the stream's memory (a ``WholeGzipFile``'s), not ours.
    private let isBorrowed: Bool

    init(stream: any ByteStream, capacity: Int) {
        self.stream = stream
        normalCapacity = max(1, capacity)
        memberMarks.reserveCapacity(8)
        if let whole = stream as? WholeGzipFile, let lent = whole.lendRemainingBytes() {
            isBorrowed = true
            base = lent.bytes.baseAddress!
            self.capacity = lent.bytes.count
            end = lent.bytes.count
            baseOffset = lent.offset
            eof = true
            for mark in lent.memberStarts { memberMarks.append((lent.offset + Int64(mark.offset), mark.member)) }
        } else {
            isBorrowed = false
            self.capacity = normalCapacity
            base = .allocate(byteCount: normalCapacity, alignment: 16)
        }
    }

    deinit {
        if !isBorrowed { base.deallocate() }
    }

    /// Moves the unconsumed window to the front, grows if it fills the buffer, and reads once; at
    /// the end of the stream sets ``eof``.
    ///
    /// - Parameters:
    ///   - shift: positions (such as a scan cursor) to move along with the window.
    ///   - line: the line being read, to name in the location of a stream error.
    ///   - record: the record being read, likewise.
    func refill(shift: inout Int, line: Int? = nil, record: Int? = nil) throws(InputError) {
        if eof { return }
        pruneMarks(before: baseOffset + Int64(start))
        if start == end {
            baseOffset += Int64(end)
            shift -= start
            start = 0
            end = 0
            if capacity > normalCapacity {
                base.deallocate()
                capacity = normalCapacity
                base = .allocate(byteCount: capacity, alignment: 16)
            }
        } else if start > 0 {
            memmove(base, base + start, end - start)
            baseOffset += Int64(start)
            shift -= start
            end -= start
            start = 0
        }
        if end == capacity {
            let grown = UnsafeMutableRawPointer.allocate(byteCount: capacity * 2, alignment: 16)
            grown.copyMemory(from: base, byteCount: end)
            base.deallocate()
            base = grown
            capacity *= 2
        }
        let n: Int
        do {
            n = try stream.read(into: UnsafeMutableRawBufferPointer(start: base + end, count: capacity - end))
        } catch {
            var located = error
            if let line { located.location.line = line }
            if let record { located.location.record = record }
            throw located
        }
        if n == 0 {
            eof = true
            return
        }
        let member = stream.currentMember
        if member != lastMember {
            lastMember = member
            memberMarks.append((baseOffset + Int64(end), member))
        }
        end += n
    }

    /// The gzip member holding the byte at decompressed `offset` (`nil` when the input is not gzip).
    ///
    /// - Complexity: O(log m) in the member marks held (all members of a borrowed window).
    func member(at offset: Int64) -> Int? {
        // The last mark at or before `offset` (the first one when none is).
        var low = 0
        var high = memberMarks.count
        while high - low > 1 {
            let middle = (low + high) / 2
            if memberMarks[middle].offset <= offset { low = middle } else { high = middle }
        }
        guard low < memberMarks.count, memberMarks[low].member > 0 else { return nil }
        return memberMarks[low].member
    }

    /// Drops member marks before the oldest byte still held (keeps the last one at or before it).
    private func pruneMarks(before offset: Int64) {
        var drop = 0
        while drop + 1 < memberMarks.count && memberMarks[drop + 1].offset <= offset { drop += 1 }
        if drop > 0 { memberMarks.removeFirst(drop) }
    }

    /// A location in this stream.
    func location(offset: Int64, line: Int? = nil, record: Int? = nil) -> InputLocation {
        InputLocation(
            source: stream.source.name,
            line: line,
            record: record,
            byteOffset: offset,
            member: member(at: offset)
        )
    }
}
