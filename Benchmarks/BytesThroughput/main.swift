// Throughput of SiftBytes readers and framers on a real file (release build; see run.sh).
//
//   bytes-throughput <file> [mode...]
//   modes: read | read-pipelined | lines | lines-pipelined | lines-work | lines-work-pipelined | values
//
// "work" simulates a consumer that touches every byte of every line (a byte checksum), so the
// pipelined reader has something to overlap with.
import Glibc
import SiftBytes

@inline(never) func blackHole<T>(_ value: T) { withExtendedLifetime(value) {} }

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func open(_ path: String, pipelined: Bool) throws(InputError) -> any ByteStream {
    let reader = try ByteReader(.file(path))
    return pipelined ? PipelinedByteReader(reader) : reader
}

func run(_ path: String, _ mode: String) throws(InputError) -> (bytes: Int64, records: Int) {
    let pipelined = mode.hasSuffix("-pipelined")
    let stream = try open(path, pipelined: pipelined)
    var bytes: Int64 = 0
    var records = 0
    switch mode {
    case "read", "read-pipelined":
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while case let n = try stream.read(into: buffer), n > 0 { bytes += Int64(n) }
    case "lines", "lines-pipelined":
        var lines = LineFramer(stream)
        while let line = try lines.next() {
            bytes += Int64(line.count) + 1
            records += 1
        }
    case "lines-work", "lines-work-pipelined":
        var lines = LineFramer(stream)
        var sum: UInt64 = 0xcbf2_9ce4_8422_2325
        while let line = try lines.next() {
            for b in line { sum = (sum ^ UInt64(b)) &* 0x100_0000_01b3 }  // FNV-1a: a serial chain, ~1 ns/byte.
            bytes += Int64(line.count) + 1
            records += 1
        }
        if sum == 42 { print("checksum", sum) }  // Keeps the work observable.
        records += Int(sum & 1) &* 0
    case "values":
        var values = JSONValueFramer(stream)
        while let value = try values.next() {
            bytes += Int64(value.count) + 1
            records += 1
        }
    default:
        fatalError("unknown mode \(mode)")
    }
    return (bytes, records)
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    print("usage: bytes-throughput <file> [mode...]")
    exit(64)
}
let modes = arguments.count > 2 ? Array(arguments[2...]) : ["read", "lines", "values"]
for mode in modes {
    var best = Double.infinity
    var result: (bytes: Int64, records: Int) = (0, 0)
    for _ in 0..<3 {
        let start = now()
        do { result = try run(arguments[1], mode) } catch { print("error: \(error)"); exit(1) }
        best = min(best, now() - start)
    }
    let mb = Double(result.bytes) / 1e6
    print(
        "\(mode): \(Int(mb)) MB decompressed, \(result.records) records, best of 3 \(Int(best * 1000)) ms = \(Int(mb / best)) MB/s"
    )
}
