import Foundation
import SiftTestSupport
import Testing

/// Paths and inputs for the CLI tests.
enum CLIFixtures {
    /// A file under `fixtures/malformed/`.
    static func malformed(_ name: String) -> String { Fixtures.local("malformed/" + name) }

    /// `fixtures/malformed/expected.json`, written by `make.py` with Python's zlib and json.
    static let expected: [String: [String: Int]] = {
        let data = (try? Data(contentsOf: URL(fileURLWithPath: malformed("expected.json")))) ?? Data()
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: [String: Int]] ?? [:]
    }()

    /// The expected value `key` for fixture `name`.
    static func expected(_ name: String, _ key: String) throws -> Int {
        try #require(expected[name]?[key], "fixtures/malformed/expected.json has no \(name).\(key)")
    }

    /// One X-Ray segment line like those of `good.jsonl`.
    static func segmentLine(_ i: Int) -> String {
        #"{"id": "\#(String(format: "%016x", 0xB000 + i))", "name": "big-api", "start_time": \#(1714564800 + i).0, "end_time": \#(1714564800 + i).5, "trace_id": "1-66321a00-\#(String(format: "%024x", i))", "http": {"request": {"method": "GET"}, "response": {"status": 200}}}"#
            + "\n"
    }
}

extension SiftProcess.Result {
    /// The single `sift: skipped ...` summary line, if any.
    var summaryLine: Substring? { stderrLines.first { $0.hasPrefix("sift: skipped ") } }
}
