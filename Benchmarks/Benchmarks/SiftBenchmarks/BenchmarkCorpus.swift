import Foundation
import SiftKit

/// The input every benchmark reads: one gzip shard of a gen-corpus X-Ray JSON Lines export,
/// and its decompressed bytes held in memory.
///
/// The corpus directory is `$SIFT_BENCH_CORPUS` (default `/tmp/corpus-1G`, made with
/// `../shared/tools/gen-corpus --out /tmp/corpus-1G --size 1G --seed 42`). When it has no X-Ray
/// shard, a small corpus is generated into `/tmp/sift-bench-corpus` with the same tool (if the
/// `shared` folder sits beside the repository); otherwise the benchmarks are skipped with a message.
struct BenchmarkCorpus {
    /// The gzip shard.
    let shardPath: String
    /// The directory holding every X-Ray JSON Lines shard of the corpus.
    let xrayDirectory: String
    /// The shard's decompressed bytes (never freed: they live as long as the benchmark process).
    let plain: UnsafeRawBufferPointer
    /// Non-empty lines (X-Ray documents) in the shard.
    let documents: Int

    /// Megabytes (10^6 bytes) of decompressed input, the unit of every MB/s figure.
    var plainMegabytes: Double { Double(plain.count) / 1e6 }

    static let shardName = "xray/jsonl/part-00000.jsonl.gz"

    /// Finds (or generates) the corpus and loads its first shard; `nil` with a message on stderr when impossible.
    static func load() -> BenchmarkCorpus? {
        let environment = ProcessInfo.processInfo.environment
        var directory = environment["SIFT_BENCH_CORPUS"] ?? "/tmp/corpus-1G"
        if !FileManager.default.fileExists(atPath: "\(directory)/\(shardName)") {
            directory = "/tmp/sift-bench-corpus"
            if !FileManager.default.fileExists(atPath: "\(directory)/\(shardName)"), !generate(into: directory) {
                return nil
            }
        }
        let path = "\(directory)/\(shardName)"
        do {
            let reader = try ByteReader(.file(path))
            var bytes: [UInt8] = []
            let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
            defer { chunk.deallocate() }
            while case let n = try reader.read(into: chunk), n > 0 { bytes.append(contentsOf: chunk[..<n]) }
            let plain = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 16)
            plain.copyBytes(from: bytes)
            let documents = bytes.split(separator: 0x0A, omittingEmptySubsequences: true).count
            let corpus = BenchmarkCorpus(shardPath: path, xrayDirectory: "\(directory)/xray/jsonl", plain: UnsafeRawBufferPointer(plain), documents: documents)
            let message = "sift benchmarks: \(path): \(plain.count) bytes decompressed (\(String(format: "%.3f", corpus.plainMegabytes)) MB), \(documents) documents\n"
            FileHandle.standardError.write(message.data(using: .utf8)!)
            return corpus
        } catch {
            FileHandle.standardError.write("sift benchmarks: cannot read \(path): \(error); skipping\n".data(using: .utf8)!)
            return nil
        }
    }

    /// Runs `../shared/tools/gen-corpus --size 16M --seed 42 --format xray-jsonl` into `directory`.
    private static func generate(into directory: String) -> Bool {
        // This file is <repo>/Benchmarks/Benchmarks/SiftBenchmarks/BenchmarkCorpus.swift; shared/ sits beside <repo>.
        var repository = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { repository.deleteLastPathComponent() }
        let tool = repository.deletingLastPathComponent().appendingPathComponent("shared/tools/gen-corpus").path
        guard FileManager.default.isExecutableFile(atPath: tool) else {
            FileHandle.standardError.write(
                "sift benchmarks: no corpus (set SIFT_BENCH_CORPUS) and no \(tool) to make one; skipping\n".data(using: .utf8)!)
            return false
        }
        FileHandle.standardError.write("sift benchmarks: generating a 16M corpus into \(directory) with \(tool)\n".data(using: .utf8)!)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["--out", directory, "--size", "16M", "--seed", "42", "--format", "xray-jsonl"]
        do {
            try process.run()
            process.waitUntilExit()
        } catch {
            return false
        }
        return process.terminationStatus == 0
    }
}
