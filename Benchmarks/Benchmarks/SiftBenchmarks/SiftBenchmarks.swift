import Foundation
import Benchmark
import SiftKit

// Every benchmark makes one pass over the same X-Ray JSON Lines shard per iteration (see
// BenchmarkCorpus), so:
//   MB/s            = the custom `MB/s` metric (decompressed bytes / wall time of that pass),
//                     equal to shard MB × throughput (# / s);
//   mallocs/record  = mallocCountTotal / documents (both printed when the run starts).

/// Decompressed megabytes per second of one pass, reported next to wall clock and mallocs.
let megabytesPerSecond = BenchmarkMetric.custom("MB/s", polarity: .prefersLarger, useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
    guard let corpus = BenchmarkCorpus.load() else { return }
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, megabytesPerSecond],
        warmupIterations: 1,
        maxDuration: .seconds(3),
        maxIterations: 40
    )

    /// Runs `pass` once per iteration and records its MB/s: `pass` returns the decompressed
    /// megabytes it read.
    func measureMegabytes(_ benchmark: Benchmark, _ pass: () throws -> Double) rethrows {
        for _ in benchmark.scaledIterations {
            let start = ContinuousClock.now
            let megabytes = try pass()
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            benchmark.measurement(megabytesPerSecond, Int(megabytes / max(seconds, 1e-9)))
        }
    }

    /// Runs `pass` over the shard once per iteration and records its MB/s of decompressed input.
    func measurePasses(_ benchmark: Benchmark, _ pass: () throws -> Int) rethrows {
        try measureMegabytes(benchmark) {
            blackHole(try pass())
            return corpus.plainMegabytes
        }
    }

    /// Frames the in-memory shard from its start and calls `body` with each non-empty line.
    func forEachLine(of stream: MemoryByteStream, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        stream.rewind()
        var lines = LineFramer(stream)
        while let line = try lines.next() {
            if !line.isEmpty { try body(line) }
        }
    }

    /// Whole-corpus passes: a few iterations, each several seconds.
    let corpusConfiguration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, megabytesPerSecond], warmupIterations: 1, maxDuration: .seconds(10), maxIterations: 5)
    let corpusRun = RunOptions(paths: [corpus.xrayDirectory])

    // (1) read(2) + zlib inflate of the gzip shard into a reused 1 MiB buffer.
    Benchmark("Inflate gzip shard (ByteReader)") { benchmark in
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        benchmark.startMeasurement()
        try measurePasses(benchmark) {
            let reader = try ByteReader(.file(corpus.shardPath))
            var total = 0
            while case let n = try reader.read(into: buffer), n > 0 { total += n }
            return total
        }
    }

    // (2) LineFramer over the decompressed shard in memory: 0 mallocs per line expected.
    Benchmark("Frame lines (in memory)") { benchmark in
        let stream = MemoryByteStream(corpus.plain, name: corpus.shardPath)
        benchmark.startMeasurement()
        try measurePasses(benchmark) {
            var count = 0
            try forEachLine(of: stream) { _ in count += 1 }
            return count
        }
    }

    // (3) Framing + JSONScanner.skipValue over every document: target ≥ 700 MB/s, 0 mallocs per record.
    Benchmark("Frame + scan documents (skipValue)") { benchmark in
        let stream = MemoryByteStream(corpus.plain, name: corpus.shardPath)
        var scanner = JSONScanner(UnsafeRawBufferPointer(start: nil, count: 0))
        benchmark.startMeasurement()
        try measurePasses(benchmark) {
            var count = 0
            try forEachLine(of: stream) { line in
                scanner.reset(line)
                try scanner.skipValue()
                count += 1
            }
            return count
        }
    }

    // (4) Framing + XRayDocumentParser (with subsegments) over every document in memory.
    Benchmark("Frame + parse X-Ray documents with subsegments") { benchmark in
        let stream = MemoryByteStream(corpus.plain, name: corpus.shardPath)
        var parser = XRayDocumentParser(includeSubsegments: true)
        benchmark.startMeasurement()
        try measurePasses(benchmark) {
            var nodes = 0
            try forEachLine(of: stream) { line in
                try parser.parse(line)
                nodes += parser.nodes.count
            }
            return nodes
        }
    }

    // (5) The whole decode path on one core: open + detect + inflate + frame + parse every document.
    Benchmark("Decode gzip shard (inflate + frame + parse)") { benchmark in
        var parser = XRayDocumentParser(includeSubsegments: true)
        var diagnostics = Diagnostics()
        benchmark.startMeasurement()
        try measurePasses(benchmark) {
            let input = try OpenedInput.open(.file(corpus.shardPath))
            var reader = XRayDocumentReader(input.stream, format: input.format, framing: input.framing)
            var nodes = 0
            reader.forEachDocument(&diagnostics) { document, _, _ in
                do {
                    try parser.parse(document)
                    nodes += parser.nodes.count
                } catch {
                    nodes -= 1_000_000  // never happens on gen-corpus output; makes a failure visible
                }
                return true
            }
            return nodes
        }
    }

    // (6) `sift endpoints` on one shard, one worker, through the public report API.
    Benchmark("Endpoints report on one gzip shard") { benchmark in
        let run = RunOptions(paths: [corpus.shardPath], workers: 1)
        benchmark.startMeasurement()
        measurePasses(benchmark) {
            ReportRunner.rows(EndpointsReport(), run).rows.count
        }
    }

    // (7) Every X-Ray document of the whole corpus (all shards) on all cores, one shard per
    // worker, through the decode-to-sink seam (ReportRunner → InputDecoder → a sink that reads
    // every node): the "decode the corpus" figure. MB/s here is computed from the decompressed
    // bytes the run reports, not the one-shard size.
    Benchmark("Decode every X-Ray document of the corpus (all cores)", configuration: corpusConfiguration) { benchmark in
        benchmark.startMeasurement()
        measureMegabytes(benchmark) {
            let (rows, outcome) = ReportRunner.rows(NodeCount(), corpusRun)
            blackHole(rows)
            return Double(outcome.statistics.bytesDecompressed) / 1e6
        }
    }

    // (8)-(11) Each report and its `--explain` query over the whole corpus on all cores: the
    // query engine's target is the report's time × 1.5 at most. MB/s is the whole corpus's
    // decompressed bytes over the pass's wall time. The queries are the reports' own `--explain`
    // texts, which the test suite parses and runs.
    guard let endpointsQuery = try? Query(EndpointsReport.explanation), let sqlQuery = try? Query(SQLReport.explanation) else {
        preconditionFailure("a report's --explain query does not parse")
    }
    let reportsAndQueries: [(name: String, pass: @Sendable () -> Int64)] = [
        ("Endpoints report", { ReportRunner.rows(EndpointsReport(), corpusRun).outcome.statistics.bytesDecompressed }),
        ("Endpoints query", { ReportRunner.rows(QueryReport(endpointsQuery), corpusRun).outcome.statistics.bytesDecompressed }),
        ("SQL report", { ReportRunner.rows(SQLReport(), corpusRun).outcome.statistics.bytesDecompressed }),
        ("SQL query", { ReportRunner.rows(QueryReport(sqlQuery), corpusRun).outcome.statistics.bytesDecompressed }),
    ]
    for (name, pass) in reportsAndQueries {
        Benchmark("\(name) on the corpus (all cores)", configuration: corpusConfiguration) { benchmark in
            benchmark.startMeasurement()
            measureMegabytes(benchmark) { Double(pass()) / 1e6 }
        }
    }

    // (12)-(13) The endpoints report over OpenTelemetry spans: OTLP/JSON files and a Transaction
    // Search (`aws/spans`) S3 export, from `$SIFT_BENCH_OTLP_CORPUS` (default /tmp/corpus-otlp, made
    // with `gen-corpus --out /tmp/corpus-otlp --size 1G --seed 42 --format otlp,aws-spans`); skipped
    // when absent.
    let otlpCorpus = ProcessInfo.processInfo.environment["SIFT_BENCH_OTLP_CORPUS"] ?? "/tmp/corpus-otlp"
    for (name, folder) in [("OTLP/JSON", "otlp"), ("aws/spans export", "cwlogs-spans")] {
        let path = otlpCorpus + "/" + folder
        guard FileManager.default.fileExists(atPath: path) else { continue }
        Benchmark("Endpoints report on the \(name) corpus (all cores)", configuration: corpusConfiguration) { benchmark in
            benchmark.startMeasurement()
            measureMegabytes(benchmark) {
                Double(ReportRunner.rows(EndpointsReport(), RunOptions(paths: [path])).outcome.statistics.bytesDecompressed) / 1e6
            }
        }
    }
}

/// Counts the nodes of every X-Ray document, parsed with subsegments: the decode path alone.
struct NodeCount: Report {
    func makePartial() -> Partial { Partial() }
    func rows(from merged: inout Partial, _ diagnostics: inout Diagnostics, _ statistics: inout RunStatistics) -> [Int] {
        [merged.nodes]
    }
    func table(_ rows: [Int], of merged: Partial) -> Table { Table(columns: []) }

    struct Partial: ReportPartial {
        var nodes = 0
        var demand: RecordDemand { .xrayDocuments }
        mutating func xrayDocument(_ document: XRayDocument, _ diagnostics: inout Diagnostics) -> Bool {
            nodes += document.nodes.count
            return true
        }
        mutating func merge(_ other: Partial, _ diagnostics: inout Diagnostics) { nodes += other.nodes }
    }
}
