import Foundation

/// Reads the file descriptor `fd` to its end, as bytes, retrying reads interrupted by signals
/// (`FileHandle.readDataToEndOfFile` traps on `EINTR`). Used to collect a child process's output.
public func readAll(_ fd: Int32) -> [UInt8] {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress!, $0.count) }
        if n > 0 {
            bytes += chunk[..<n]
        } else if n < 0 && errno == EINTR {
            continue
        } else {
            return bytes
        }
    }
}
