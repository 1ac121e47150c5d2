import Foundation
import SiftBytes
import SiftModel

/// A framed record copied out of the framer, with its location.
struct Framed: Equatable, CustomStringConvertible {
    var text: String
    var location: InputLocation
    var description: String { "\(text.debugDescription) @ \(location)" }
}

/// Everything a framer produced: records and errors, in order.
enum Event: Equatable {
    case record([UInt8], InputLocation)
    case error(InputError.Kind, InputLocation)
}

func collectLines(
    _ stream: any ByteStream,
    maxLineBytes: Int = LineFramer.defaultMaxLineBytes,
    bufferBytes: Int = 1 << 20
) -> [Event] {
    var framer = LineFramer(stream, maxLineBytes: maxLineBytes, bufferBytes: bufferBytes)
    var events: [Event] = []
    while true {
        do {
            guard let line = try framer.next() else { break }
            events.append(.record(Array(line), framer.location))
        } catch {
            events.append(.error(error.kind, error.location))
            if case .lineTooLong = error.kind { continue }
            if case .truncatedGzip = error.kind { continue }  // The framer may still hand out the partial tail.
            break
        }
    }
    return events
}

func collectValues(
    _ stream: any ByteStream,
    maxValueBytes: Int = JSONValueFramer.defaultMaxValueBytes,
    bufferBytes: Int = 1 << 20
) -> [Event] {
    var framer = JSONValueFramer(stream, maxValueBytes: maxValueBytes, bufferBytes: bufferBytes)
    var events: [Event] = []
    var guardCount = 0
    while guardCount < 100_000 {
        guardCount += 1
        do {
            guard let value = try framer.next() else { break }
            events.append(.record(Array(value), framer.location))
        } catch {
            events.append(.error(error.kind, error.location))
        }
    }
    return events
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
