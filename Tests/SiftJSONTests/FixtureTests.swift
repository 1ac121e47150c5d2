import Foundation
import SiftJSON
import SiftTestSupport
import Testing

/// Every JSON fixture in ../shared/fixtures parses and validates.
@Suite struct FixtureTests {
    /// Relative paths of `.json` files under `public/` plus the SDK captures that are one JSON value.
    static func jsonFiles() -> [String] {
        let root = Fixtures.shared
        var paths: [String] = []
        if let walker = FileManager.default.enumerator(atPath: root.appendingPathComponent("public").path) {
            for case let path as String in walker where path.hasSuffix(".json") { paths.append("public/" + path) }
        }
        return paths.sorted() + ["sdk/cwlogs/filter-log-events.json", "sdk/xray/batch-get-traces.json", "sdk/xray/get-trace-summaries.json"]
    }

    static func jsonlFiles() -> [String] {
        var paths: [String] = []
        if let walker = FileManager.default.enumerator(atPath: Fixtures.shared.appendingPathComponent("public").path) {
            for case let path as String in walker where path.hasSuffix(".jsonl") { paths.append("public/" + path) }
        }
        return paths.sorted() + ["sdk/xray/segments.jsonl"]
    }

    func check(_ doc: [UInt8], _ name: String) throws {
        #expect(validationError(doc) == nil, "\(name)")
        let value = try parseResult(doc).get()
        // Same tree after a serialize → parse round trip.
        #expect(try parseResult(bytes(value.serialized())).get() == value, "\(name)")
    }

    @Test("JSON fixture files parse and validate", .enabled(if: Fixtures.sharedPresent))
    func jsonFixtures() throws {
        let files = Self.jsonFiles()
        #expect(files.count >= 20)
        for file in files {
            let path = Fixtures.shared(file)
            guard FileManager.default.fileExists(atPath: path) else { continue }
            try check(try Fixtures.bytes(path), file)
        }
    }

    @Test("JSON Lines fixtures parse line by line", .enabled(if: Fixtures.sharedPresent))
    func jsonlFixtures() throws {
        var lines = 0
        for file in Self.jsonlFiles() {
            let data = try Fixtures.bytes(Fixtures.shared(file))
            for line in data.split(separator: 0x0A) where !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) {
                try check(Array(line), "\(file):\(lines)")
                lines += 1
            }
        }
        #expect(lines > 1000)
    }

    @Test("The invalid X-Ray segment fixture is still valid JSON", .enabled(if: Fixtures.sharedPresent))
    func segmentValidationFailed() throws {
        let doc = try Fixtures.bytes(Fixtures.shared("public/xray/otelcontrib-xray-segmentValidationFailed.json"))
        let value = try parseResult(doc).get()
        #expect(value["trace_id"]?.stringValue == "1-5f2aebcc-b475d14618c51eaa28753d37")
        #expect(value["end_time"]?.doubleValue == 1596648396.6401389)
        #expect(value["start_time"] == nil)
    }
}
