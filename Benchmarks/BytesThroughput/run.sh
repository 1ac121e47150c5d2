#!/usr/bin/env bash
# Builds main.swift in release against this worktree's SiftBytes (a scratch package of symlinks,
# so the root manifest and its dependencies stay untouched) and runs it.
#   Benchmarks/BytesThroughput/run.sh <file> [mode...]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
scratch="${TMPDIR:-/tmp}/sift-bytes-throughput"
mkdir -p "$scratch/Sources/bytes-throughput"
for module in CZlib SiftModel SiftBytes; do ln -sfn "$root/Sources/$module" "$scratch/Sources/$module"; done
ln -sfn "$here/main.swift" "$scratch/Sources/bytes-throughput/main.swift"
cat > "$scratch/Package.swift" <<'MANIFEST'
// swift-tools-version:6.1
import PackageDescription
let package = Package(
    name: "bytes-throughput",
    targets: [
        .systemLibrary(name: "CZlib", pkgConfig: "zlib"),
        .target(name: "SiftModel"),
        .target(name: "SiftBytes", dependencies: ["CZlib", "SiftModel"]),
        .executableTarget(name: "bytes-throughput", dependencies: ["SiftBytes"]),
    ]
)
MANIFEST
swift build -c release --package-path "$scratch" >&2
"$scratch/.build/release/bytes-throughput" "$@"
