import Foundation
import SiftTestSupport
import Testing
@testable import SiftQuery

@Suite struct SQLFingerprintTests {
    static let cases: [(String, String)] = [
        ("SELECT key, href, media_type FROM item_assets WHERE item_pk = %(pk)s ORDER BY key",
         "SELECT key, href, media_type FROM item_assets WHERE item_pk = ? ORDER BY key"),
        ("SELECT pg_sleep(0.412)", "SELECT pg_sleep(?)"),
        ("SELECT 1 FROM collections WHERE id = %(cid)s", "SELECT ? FROM collections WHERE id = ?"),
        ("select * from t where id in (1, 2,3) and name = 'x''y'", "SELECT * FROM t WHERE id IN (?) AND name = ?"),
        ("SELECT a FROM t WHERE b IN ($1, $2, $3)", "SELECT a FROM t WHERE b IN (?)"),
        ("SELECT a FROM t WHERE b = :name AND c = ?", "SELECT a FROM t WHERE b = ? AND c = ?"),
        ("SELECT a::date, b::int FROM t", "SELECT a::date, b::int FROM t"),
        ("UPDATE t1 SET x = -1.5e3, y = .5 WHERE z = %s", "UPDATE t1 SET x = ?, y = ? WHERE z = ?"),
        ("SELECT a - 1, b-2 FROM t LIMIT -1", "SELECT a - ?, b-? FROM t LIMIT ?"),
        // Quoted identifiers stay verbatim (check-truth's coarse fp() would also rewrite a digit inside one).
        ("  SELECT\n\t\"Col A\", col2\r\n FROM   \"T\"  ", "SELECT \"Col A\", col2 FROM \"T\""),
        ("SELECT $$it's$$, $tag$x$tag$ FROM t", "SELECT ?, ? FROM t"),
        ("SELECT a -- trailing comment\nFROM t /* block */ WHERE b = 'x'", "SELECT a FROM t WHERE b = ?"),
        ("INSERT INTO t (a, b) VALUES (%(a)s, %(b)s) RETURNING id", "INSERT INTO t (a, b) VALUES (?) RETURNING id"),
        ("SELECT t.end, e.1x FROM t", "SELECT t.end, e.1x FROM t"),
        ("select count(*) as n from items where datetime::date between %(start)s and %(end)s",
         "SELECT count(*) AS n FROM items WHERE datetime::date BETWEEN ? AND ?"),
        ("SELECT 'unterminated", "SELECT ?"),
        ("SELECT ( ? , ? ), (a, ?)", "SELECT (?), (a, ?)"),
        ("SELECT été FROM 表 WHERE x = 0x1F", "SELECT été FROM 表 WHERE x = 0x1F"),
    ]

    @Test("Literals and placeholders become ?, keywords upper-case", arguments: cases)
    func table(input: String, expected: String) {
        #expect(SQLFingerprint.fingerprint(input) == expected)
    }

    @Test("Fingerprinting is idempotent", arguments: cases)
    func idempotent(input: String, expected: String) {
        let once = SQLFingerprint.fingerprint(input)
        #expect(SQLFingerprint.fingerprint(once) == once)
    }

    @Test("check-truth's fp() leaves our fingerprints unchanged (truth statements too)",
          .enabled(if: Fixtures.sharedPresent && Py.isAvailable))
    func checkTruthAgreement() throws {
        let truthURL = Fixtures.shared.appendingPathComponent("sdk/truth.json")
        let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: truthURL)) as! [String: Any]
        let statements = (truth["sql_statements_by_total_time"] as! [[String: Any]]).map { $0["statement"] as! String }
        let inputs = Self.cases.map(\.0) + statements
        let ours = inputs.map(SQLFingerprint.fingerprint)
        // fp() exactly as check-truth defines it, extracted from the tool.
        let tool = try String(contentsOf: Fixtures.shared.deletingLastPathComponent().appendingPathComponent("tools/check-truth"), encoding: .utf8)
        let start = try #require(tool.range(of: "PH = ["))
        let end = try #require(tool.range(of: "def sql("))
        let script = "import json, re, sys\n" + tool[start.lowerBound..<end.lowerBound]
            + "\nfor s in json.load(sys.stdin):\n    print(json.dumps(fp(s)))\n"
        let output = try Py.run(script, input: Array(try JSONSerialization.data(withJSONObject: ours)))
        let fps = String(decoding: output, as: UTF8.self).split(separator: "\n").map {
            try! JSONSerialization.jsonObject(with: Data($0.utf8), options: .fragmentsAllowed) as! String
        }
        #expect(fps.count == ours.count)
        for (mine, theirs) in zip(ours, fps) {
            #expect(theirs == mine.lowercased(), "not a fixed point of fp(): \(mine)")
        }
        // The truth statements keep %(name)s; ours must replace them and otherwise agree.
        #expect(ours[Self.cases.count + 1] == "SELECT key, href, media_type FROM item_assets WHERE item_pk = ? ORDER BY key")
        #expect(statements.contains("SELECT pg_sleep(?)") && ours.contains("SELECT pg_sleep(?)"))
    }
}
