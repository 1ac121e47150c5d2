// swift-tools-version:6.1
import PackageDescription

/// sift's benchmarks: a nested package so `swift build`/`swift test` in the root never build
/// package-benchmark. Run with `make bench` (= `swift package --disable-sandbox benchmark` here).
///
/// The root package, as `.package(path: "..")`, is identified by its directory name, not its
/// manifest name, so derive it: any clone directory works.
let root = Context.packageDirectory.split(separator: "/").dropLast().last.map(String.init) ?? "main"

let package = Package(
    name: "SiftBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
        // The production configuration: `make bench` runs `make deps`, which installs libdeflate-dev.
        .package(path: "..", traits: ["Libdeflate"]),
    ],
    targets: [
        .executableTarget(
            name: "SiftBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "SiftKit", package: root),
            ],
            path: "Benchmarks/SiftBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
