import Foundation
import SiftBytes
import SiftModel

/// Everything a framer produced: records and errors, in order.
enum Event: Equatable {
    case record([UInt8], InputLocation)
    case error(InputError.Kind, InputLocation)
}

/// The framers under test: each hands out records one at a time and says where the last one was.
protocol Framer {
    mutating func next() throws(InputError) -> UnsafeRawBufferPointer?
    var location: InputLocation { get }
}

extension LineFramer: Framer {}
extension JSONValueFramer: Framer {}
extension JSONArrayElementFramer: Framer {}

/// Pulls records out of `framer` until its end, recording records and errors in order. It stops
/// after `limit` calls, so a framer that never ends fails its test instead of hanging it; after an
/// error it goes on when `continuesAfter` says the framer recovers from that kind, else stops.
func collect(
    _ framer: some Framer,
    limit: Int = 100_000,
    continuesAfter: (InputError.Kind) -> Bool = { _ in true }
) -> [Event] {
    var framer = framer
    var events: [Event] = []
    for _ in 0..<limit {
        do {
            guard let record = try framer.next() else { break }
            events.append(.record(Array(record), framer.location))
        } catch {
            events.append(.error(error.kind, error.location))
            if !continuesAfter(error.kind) { break }
        }
    }
    return events
}

/// Every line of `stream`; after an over-long line or a truncated gzip member the framer goes
/// on (it may still hand out the partial tail), after other errors it stops.
func collectLines(
    _ stream: any ByteStream,
    maxLineBytes: Int = LineFramer.defaultMaxLineBytes,
    bufferBytes: Int = 1 << 20
) -> [Event] {
    collect(LineFramer(stream, maxLineBytes: maxLineBytes, bufferBytes: bufferBytes), limit: .max) { kind in
        switch kind {
        case .lineTooLong, .truncatedGzip: true
        default: false
        }
    }
}

/// Every JSON value of `stream`, going on after every error.
func collectValues(
    _ stream: any ByteStream,
    maxValueBytes: Int = JSONValueFramer.defaultMaxValueBytes,
    bufferBytes: Int = 1 << 20
) -> [Event] {
    collect(JSONValueFramer(stream, maxValueBytes: maxValueBytes, bufferBytes: bufferBytes))
}

extension Collection where Element == Event {
    var texts: [String] {
        compactMap { if case .record(let bytes, _) = $0 { String(decoding: bytes, as: UTF8.self) } else { nil } }
    }
    var errors: [(InputError.Kind, InputLocation)] {
        compactMap { if case .error(let kind, let location) = $0 { (kind, location) } else { nil } }
    }
    var locations: [InputLocation] {
        compactMap { if case .record(_, let location) = $0 { location } else { nil } }
    }
}

/// Reads a whole ByteStream, with a given read size.
func drain(_ stream: any ByteStream, chunk: Int = 1 << 16) throws(InputError) -> [UInt8] {
    var out: [UInt8] = []
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 1)
    defer { buffer.deallocate() }
    while true {
        let n = try stream.read(into: buffer)
        if n == 0 { return out }
        out.append(contentsOf: buffer[..<n])
    }
}
