import Foundation
import SiftKit

/// Reads a truth.json (generated corpus or SDK capture) with Foundation: tests only.
struct TruthFile {
    let root: [String: Any]

    init(_ path: String) throws {
        root = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
    }

    func objects(_ path: String...) -> [[String: Any]] {
        var value: Any? = root
        for key in path { value = (value as? [String: Any])?[key] }
        return value as? [[String: Any]] ?? []
    }

    func number(_ path: String...) -> Double? {
        var value: Any? = root
        for key in path { value = (value as? [String: Any])?[key] }
        return (value as? NSNumber)?.doubleValue
    }
}

extension Table {
    /// Rows as dictionaries keyed by column name.
    var records: [[String: Table.Value]] {
        rows.map { row in Dictionary(uniqueKeysWithValues: zip(columns.map(\.name), row)) }
    }
}

/// Run options over the given paths with the test's worker count.
func runOptions(_ paths: String..., workers: Int = 2) -> RunOptions {
    RunOptions(paths: paths, workers: workers)
}

/// SQL rows `(statement, count, total_ms)` folded by fingerprint: truth files keep some literals
/// the fingerprint replaces.
func folded(_ rows: [(String, Double, Double)]) -> [String: (count: Double, total: Double)] {
    var result: [String: (count: Double, total: Double)] = [:]
    for (statement, count, total) in rows {
        let key = SQLFingerprint.fingerprint(statement)
        let old = result[key] ?? (0, 0)
        result[key] = (old.count + count, old.total + total)
    }
    return result
}
