import Glibc
import SiftModel

/// One decoding layer: pulls raw bytes from a file descriptor or from another layer, and hands
/// out decoded bytes (gzip members back to back, a zlib stream, zstd frames back to back when the
/// build has libzstd, or plain bytes).
///
/// Internal engine of ``ByteReader``; nested gzip is two layers stacked.
final class StreamDecoder {
    enum Upstream {
        case fd(Int32)
        case layer(StreamDecoder)
    }

    let upstream: Upstream
    let source: InputSource
    private(set) var compression: Compression = .none
    private let inflater: any Inflater
    /// The zstd decoder, made when the input is zstd (``Zstd/isAvailable``).
    private var zstdInflater: (any Inflater)?
    /// Input buffer and its window of unconsumed bytes.
    private let input: UnsafeMutableRawBufferPointer
    private let readLimit: Int
    private var inStart = 0
    private var inEnd = 0
    private var upstreamEOF = false
    /// gzip members (or zlib streams) started so far.
    private(set) var member = 0
    private var inStream = false
    private var finished = false
    private var pending: InputError?
    /// Raw bytes pulled from upstream.
    private(set) var upstreamBytes: Int64 = 0
    /// Decoded bytes handed out.
    private(set) var producedBytes: Int64 = 0

    init(upstream: Upstream, source: InputSource, inflater: (any Inflater)?, bufferBytes: Int, prefix: [UInt8] = []) {
        self.upstream = upstream
        self.source = source
        self.inflater = inflater ?? ZlibInflater()
        readLimit = max(1, bufferBytes)
        input = .allocate(byteCount: max(readLimit, 64, prefix.count), alignment: 16)
        if !prefix.isEmpty {
            prefix.withUnsafeBytes { input.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            inEnd = prefix.count
            upstreamBytes = Int64(prefix.count)
        }
    }

    deinit {
        input.deallocate()
    }

    /// Reads the first bytes and decides the compression.
    func detect() throws(InputError) {
        while inEnd - inStart < 4 && !upstreamEOF {
            _ = try fill()
        }
        compression = Compression.detect(UnsafeRawBufferPointer(rebasing: input[inStart..<inEnd]))
        if compression == .zstd {
            #if SIFT_ZSTD
            zstdInflater = ZstdInflater()
            #else
            throw InputError(.unsupportedCompression(.zstd), source: source)
            #endif
        }
    }

    /// Compacts the input window to the front and does one upstream read; returns the bytes read.
    private func fill() throws(InputError) -> Int {
        if inStart == inEnd {
            inStart = 0
            inEnd = 0
        } else if inStart > 0 {
            let count = inEnd - inStart
            input.baseAddress!.copyMemory(from: input.baseAddress! + inStart, byteCount: count)
            inStart = 0
            inEnd = count
        }
        let room = min(input.count - inEnd, readLimit)
        guard room > 0, !upstreamEOF else { return 0 }
        let target = UnsafeMutableRawBufferPointer(start: input.baseAddress! + inEnd, count: room)
        let n = try rawRead(into: target)
        if n == 0 { upstreamEOF = true }
        inEnd += n
        upstreamBytes += Int64(n)
        return n
    }

    private func rawRead(into target: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        switch upstream {
        case .fd(let fd):
            while true {
                let n = Glibc.read(fd, target.baseAddress, target.count)
                if n >= 0 { return n }
                if errno == EINTR { continue }
                throw InputError(
                    .unreadable(errno: errno),
                    location: here(member: nil),
                    compressedOffset: upstreamBytes
                )
            }
        case .layer(let inner):
            return try inner.read(into: target)
        }
    }

    private func here(member: Int?, extra: Int = 0) -> InputLocation {
        InputLocation(source: source.name, byteOffset: producedBytes + Int64(extra), member: member)
    }

    private var consumedOffset: Int64 { upstreamBytes - Int64(inEnd - inStart) }

    /// Returns `produced` now and throws `error` on the next call, or throws now if nothing was produced.
    private func fail(_ error: InputError, produced: Int) throws(InputError) -> Int {
        if produced > 0 {
            pending = error
            producedBytes += Int64(produced)
            return produced
        }
        finished = true
        throw error
    }

    func read(into out: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        if let error = pending {
            pending = nil
            finished = true
            throw error
        }
        if finished || out.count == 0 { return 0 }
        switch compression {
        case .none:
            if inStart < inEnd {
                let n = min(out.count, inEnd - inStart)
                out.baseAddress!.copyMemory(from: input.baseAddress! + inStart, byteCount: n)
                inStart += n
                producedBytes += Int64(n)
                return n
            }
            // Plain bytes go straight from read(2) into the caller's buffer: no copy.
            let n: Int
            do { n = try rawRead(into: out) } catch {
                finished = true
                throw error
            }
            upstreamBytes += Int64(n)
            producedBytes += Int64(n)
            if n == 0 { finished = true }
            return n
        case .gzip, .zlib:
            return try inflateRead(into: out, inflater)
        case .zstd:
            guard let zstdInflater else {
                finished = true
                throw InputError(.unsupportedCompression(.zstd), source: source)
            }
            return try inflateRead(into: out, zstdInflater)
        }
    }

    private func inflateRead(into out: UnsafeMutableRawBufferPointer, _ inflater: any Inflater) throws(InputError) -> Int {
        var produced = 0
        let memberLabel: (Int) -> Int? = { [compression] m in compression == .gzip ? m : nil }
        while produced < out.count {
            if !inStream {
                // Between members: stop at EOF, or check that what follows starts a new member.
                do {
                    if inStart == inEnd, try fill() == 0 {
                        finished = true
                        break
                    }
                    if member > 0 {
                        let needed = compression == .zstd ? 4 : 2
                        while inEnd - inStart < needed, try fill() > 0 {}
                        let available = inEnd - inStart
                        let b0 = input[inStart]
                        let isNext: Bool
                        if compression == .zstd {
                            isNext = Zstd.startsFrame(UnsafeRawBufferPointer(rebasing: input[inStart..<inEnd]))
                        } else {
                            isNext = compression == .gzip && b0 == 0x1F && (available < 2 || input[inStart + 1] == 0x8B)
                        }
                        if !isNext {
                            let error = InputError(
                                .trailingData,
                                location: here(member: memberLabel(member), extra: produced),
                                compressedOffset: consumedOffset
                            )
                            return try fail(error, produced: produced)
                        }
                    }
                } catch {
                    return try fail(error, produced: produced)
                }
                member += 1
                inflater.reset(for: compression)
                inStream = true
            }
            if inStart == inEnd {
                if produced > 0 { break }  // Hand out what we have before blocking on another read.
                let n: Int
                do { n = try fill() } catch { return try fail(error, produced: produced) }
                if n == 0 {
                    let error = InputError(
                        compression == .zstd ? .truncatedZstd : .truncatedGzip,
                        location: here(member: memberLabel(member), extra: produced),
                        compressedOffset: consumedOffset
                    )
                    return try fail(error, produced: produced)
                }
            }
            let result = inflater.inflate(
                UnsafeRawBufferPointer(start: input.baseAddress! + inStart, count: inEnd - inStart),
                into: UnsafeMutableRawBufferPointer(start: out.baseAddress! + produced, count: out.count - produced)
            )
            inStart += result.consumed
            produced += result.produced
            if let code = result.errorCode {
                let error = InputError(
                    compression == .zstd ? .corruptZstd(code: code) : .corruptGzip(zlibCode: code),
                    location: here(member: memberLabel(member), extra: produced),
                    compressedOffset: consumedOffset
                )
                return try fail(error, produced: produced)
            }
            if result.streamEnded {
                inStream = false
                // One call never mixes members, so `member` names the bytes just returned.
                if produced > 0 { break }
            }
        }
        producedBytes += Int64(produced)
        return produced
    }
}
