import SiftModel

/// What a JSON framer reads between its records: whitespace and junk between top-level values
/// (``JSONValueFramer``), or the document around an array's elements (``JSONArrayElementFramer``).
protocol JSONGapScanner {
    /// Reads the byte `b` at buffer index `i`, which lies outside any record.
    ///
    /// - Returns: whether a record starts with `b`.
    /// - Throws: a framing error, made with ``JSONRecordCursor/skip(_:at:)``.
    mutating func startsRecord(_ b: UInt8, at i: Int, _ cursor: inout JSONRecordCursor) throws(InputError) -> Bool
}

/// The part the JSON framers share: the scan through the ``FramingBuffer`` across refills, the
/// record open at the scan (its ``JSONValueBoundary``), and the records' numbering, locations and
/// size limit. A framer adds only a ``JSONGapScanner`` for what lies between its records, so
/// values and array elements end, are lent, numbered, rejected and located the same way.
///
/// A record gets its number (from 1) when it ends, is rejected as too large, or is cut off by the
/// end of the input; ``location`` names the last one. A record that fits in the buffer is lent in place; a
/// larger one grows the buffer up to ``maxBytes``; past that it throws `.valueTooLarge` once and
/// is skipped, still scanned so that the next record is found. The end of the input inside a
/// string or container throws `.truncatedValue`; a scalar ends there.
///
/// - Complexity: one pass over the bytes (``JSONValueBoundary`` inside records, the gap scanner
///   between them); O(1) bookkeeping per record and per refill, no allocation.
struct JSONRecordCursor {
    let buffer: FramingBuffer
    /// Largest accepted record in bytes.
    let maxBytes: Int
    /// Where scanning goes on, as an index into the buffer.
    private var scan = 0
    private var boundary: JSONValueBoundary
    private var isOpen = false
    private var number = 0
    private var offset: Int64 = 0
    private var discarding = false

    /// - Parameter backToBack: as for ``JSONValueBoundary/init(backToBack:)``.
    init(_ stream: any ByteStream, bufferBytes: Int, maxBytes: Int, backToBack: Bool) {
        buffer = FramingBuffer(stream: stream, capacity: bufferBytes)
        self.maxBytes = max(1, maxBytes)
        boundary = JSONValueBoundary(backToBack: backToBack)
    }

    /// Where the last record (or the error about it) starts: 1-based record number, decompressed
    /// byte offset, gzip member.
    var location: InputLocation {
        buffer.location(offset: offset, record: number == 0 ? nil : number)
    }

    /// Returns the next record's bytes (valid until the next call), or `nil` at the end of the input.
    ///
    /// - Throws: ``InputError``: the gap scanner's framing errors, `.valueTooLarge` and
    ///   `.truncatedValue` (the caller may go on calling), or the stream's errors, located at the
    ///   record after the last one.
    @inline(__always)
    mutating func next<Gaps: JSONGapScanner>(_ gaps: inout Gaps) throws(InputError) -> UnsafeRawBufferPointer? {
        while true {
            let base = UnsafePointer(buffer.base.assumingMemoryBound(to: UInt8.self))
            let end = buffer.end
            var i = scan
            while i < end {
                if !isOpen {
                    let b = base[i]
                    guard try gaps.startsRecord(b, at: i, &self) else {
                        i += 1
                        continue
                    }
                    locate(at: i)
                    buffer.start = i
                    discarding = false
                    isOpen = true
                    boundary.start(b)
                    i += 1
                }
                guard let recordEnd = boundary.scan(base, from: i, to: end) else { break }
                // After a scalar, `recordEnd` is its delimiter: the gap scanner reads it next.
                i = recordEnd
                scan = recordEnd
                if let record = try close(at: recordEnd) { return record }
            }
            scan = end
            if isOpen {
                try holdUntil(end)
            } else {
                buffer.start = end
            }
            if buffer.eof {
                guard isOpen else { return nil }
                if boundary.endsAtEndOfInput && !discarding { return try close(at: end) }
                try truncate()
                return nil
            }
            try buffer.refill(shift: &scan, record: number + 1)
        }
    }

    /// Points ``location`` at buffer index `i`, keeping the record number.
    mutating func locate(at i: Int) {
        offset = buffer.baseOffset + Int64(i)
    }

    /// Skips the byte `b` at buffer index `i`, which cannot appear between records, and returns the
    /// `.unexpectedByte` error to throw, located at it (with no record number).
    mutating func skip(_ b: UInt8, at i: Int) -> InputError {
        scan = i + 1
        buffer.start = i + 1
        return InputError(.unexpectedByte(b), location: buffer.location(offset: buffer.baseOffset + Int64(i)))
    }

    /// The buffer ends at `end` inside the open record: drops the bytes of a record being skipped,
    /// and throws `.valueTooLarge` (once) when the record already holds more than ``maxBytes``,
    /// then skips the rest of it.
    private mutating func holdUntil(_ end: Int) throws(InputError) {
        if discarding {
            buffer.start = end
        } else if end - buffer.start > maxBytes {
            discarding = true
            buffer.start = end
            number += 1
            throw InputError(.valueTooLarge(limit: maxBytes), location: location)
        }
    }

    /// Closes the open record at buffer index `end` (exclusive).
    ///
    /// - Returns: its bytes; `nil` when it was being skipped.
    /// - Throws: `.valueTooLarge` when it is over ``maxBytes``.
    @inline(__always)
    private mutating func close(at end: Int) throws(InputError) -> UnsafeRawBufferPointer? {
        isOpen = false
        let start = buffer.start
        buffer.start = end
        if discarding {
            discarding = false
            return nil
        }
        number += 1
        if end - start > maxBytes {
            throw InputError(.valueTooLarge(limit: maxBytes), location: location)
        }
        return UnsafeRawBufferPointer(start: buffer.base + start, count: end - start)
    }

    /// The input ends inside the open record: drops it, and throws `.truncatedValue` unless it was
    /// being skipped already.
    private mutating func truncate() throws(InputError) {
        isOpen = false
        buffer.start = buffer.end
        guard !discarding else { return }
        number += 1
        throw InputError(.truncatedValue, location: location)
    }
}
