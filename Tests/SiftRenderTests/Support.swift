#if canImport(Glibc)
import Glibc
#endif
import SiftModel
import SiftRender

/// Small tables and a way to capture what an ``OutputWriter`` writes.
enum RenderFixtures {
    /// A report-like table: text, numbers, a list and an object.
    static var mixed: Table {
        var table = Table(columns: [
            .init("route", .string), .init("count", .integer), .init("p95_ms", .double(decimals: 3)),
            .init("ok", .bool), .init("routes", .strings), .init("dimensions", .object),
        ])
        table.append([
            .string("/items"), .integer(3), .double(12.5), .bool(true), .strings(["/a", "/b"]),
            .object([("LogGroup", .string("/ecs/api")), ("Route", .string("/")), ("Method", .string("GET"))]),
        ])
        table.append([
            .string("say \"hi\", twice"), .integer(-1), .double(0.1), .bool(false), .strings([]), .object([]),
        ])
        table.append([.null, .null, .null, .null, .null, .null])
        return table
    }

    /// What `body` writes through an ``OutputWriter`` on a pipe.
    static func written(_ body: (OutputWriter) -> Void) -> [UInt8] {
        var fds: [Int32] = [0, 0]
        precondition(pipe(&fds) == 0)
        let writer = OutputWriter(fileDescriptor: fds[1])
        body(writer)
        writer.flush()
        close(fds[1])
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fds[0], $0.baseAddress!, $0.count) }
            if n <= 0 { break }
            bytes += chunk[..<n]
        }
        close(fds[0])
        return bytes
    }
}
