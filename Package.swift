// swift-tools-version:6.1
import PackageDescription

/// sift: offline analysis of AWS observability exports (CloudWatch Logs, EMF, X-Ray).
///
/// Layers point down the list; only `SiftKit` and `sift` are products.
let package = Package(
    name: "sift",
    products: [
        .library(name: "SiftKit", targets: ["SiftKit"]),
        .executable(name: "sift", targets: ["sift"]),
    ],
    // libdeflate (Debian's `libdeflate-dev`) is an optional faster gzip backend, switched on
    // explicitly: `swift build --traits Libdeflate`. `make` turns it on when libdeflate.h is
    // installed (`make LIBDEFLATE=0` turns it off); without it zlib does everything.
    // zstd (Debian's `libzstd-dev`) decodes zstd-compressed inputs (the collector file exporter's
    // `compression: zstd`): `swift build --traits Zstd`; `make` turns it on when zstd.h is
    // installed (`make ZSTD=0` turns it off). Without it zstd inputs are detected and reported.
    traits: [
        .trait(name: "Libdeflate", description: "Decode gzip files of up to 32 MiB whole with libdeflate (needs libdeflate-dev)."),
        .trait(name: "Zstd", description: "Decode zstd-compressed inputs with libzstd (needs libzstd-dev)."),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        .systemLibrary(name: "CLibdeflate", pkgConfig: "libdeflate", providers: [.apt(["libdeflate-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(name: "SiftModel"),
        .target(name: "SiftJSON"),
        .target(name: "SiftRegex"),
        .target(
            name: "SiftBytes",
            dependencies: [
                "CZlib", "SiftModel", .target(name: "CLibdeflate", condition: .when(traits: ["Libdeflate"])),
                .target(name: "CZstd", condition: .when(traits: ["Zstd"])),
            ],
            swiftSettings: [.define("SIFT_LIBDEFLATE", .when(traits: ["Libdeflate"])), .define("SIFT_ZSTD", .when(traits: ["Zstd"]))]
        ),
        .target(name: "SiftFormats", dependencies: ["SiftBytes", "SiftJSON", "SiftModel", "SiftRegex"]),
        .target(
            name: "SiftTraces",
            dependencies: ["SiftModel", .product(name: "DequeModule", package: "swift-collections")]
        ),
        .target(
            name: "SiftQuery",
            dependencies: [
                "SiftModel", "SiftJSON", "SiftRegex",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        .target(name: "SiftRender", dependencies: ["SiftModel", "SiftJSON"]),
        .target(
            name: "SiftKit",
            dependencies: ["SiftModel", "SiftJSON", "SiftBytes", "SiftFormats", "SiftTraces", "SiftQuery", "SiftRender"]
        ),
        .executableTarget(
            name: "sift",
            dependencies: ["SiftKit", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        // Runnable notebook-style scripts on the library (built by `swift build`).
        .executableTarget(name: "RouteP95Change", dependencies: ["SiftKit"], path: "Examples/RouteP95Change"),
        .executableTarget(name: "SlowestEndpointSQL", dependencies: ["SiftKit"], path: "Examples/SlowestEndpointSQL"),
        .executableTarget(name: "EMFLatencyPerMinute", dependencies: ["SiftKit"], path: "Examples/EMFLatencyPerMinute"),
        .executableTarget(name: "NPlusOneRoutes", dependencies: ["SiftKit"], path: "Examples/NPlusOneRoutes"),

        // Helpers shared by the test targets; Foundation only, so a low module's tests do not build SiftKit.
        .target(name: "SiftTestSupport", path: "Tests/SiftTestSupport"),
        // One test target per module, depending on what its files import.
        .testTarget(name: "SiftModelTests", dependencies: ["SiftModel"]),
        .testTarget(name: "SiftJSONTests", dependencies: ["SiftJSON", "SiftTestSupport"]),
        .testTarget(name: "SiftRegexTests", dependencies: ["SiftRegex", "SiftTestSupport"]),
        .testTarget(name: "SiftBytesTests", dependencies: ["SiftBytes", "SiftModel", "SiftTestSupport"]),
        .testTarget(
            name: "SiftFormatsTests",
            dependencies: ["SiftFormats", "SiftBytes", "SiftJSON", "SiftModel", "SiftTestSupport"]
        ),
        .testTarget(name: "SiftTracesTests", dependencies: ["SiftTraces", "SiftModel", "SiftTestSupport"]),
        .testTarget(name: "SiftQueryTests", dependencies: ["SiftQuery", "SiftModel", "SiftTestSupport"]),
        .testTarget(name: "SiftRenderTests", dependencies: ["SiftRender", "SiftModel"]),
        .testTarget(name: "SiftKitTests", dependencies: ["SiftKit", "SiftTestSupport"]),
        // Tests the `sift` executable out of process; `swift build --build-tests` builds it first.
        .testTarget(name: "SiftCLITests", dependencies: ["SiftTestSupport"]),
    ]
)
