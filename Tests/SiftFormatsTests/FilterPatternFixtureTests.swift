import Foundation
import Testing
import SiftFormats
import SiftTestSupport

/// Filter patterns over the messages of a real `filter-log-events` capture, each count checked
/// against a straightforward reference computed with Swift string operations or Foundation JSON.
@Suite struct FilterPatternFixtureTests {
    static func messages() throws -> [String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.shared("sdk/cwlogs/filter-log-events.json")))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let events = try #require(root["events"] as? [[String: Any]])
        return events.compactMap { $0["message"] as? String }
    }

    static func count(_ pattern: String, in messages: [String]) throws -> Int {
        let compiled = try FilterPattern(pattern)
        return messages.count { compiled.matches($0) }
    }

    static func jsonObject(_ message: String) -> [String: Any]? {
        guard message.first == "{" else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(message.utf8))) as? [String: Any]
    }

    @Test("terms and phrases count like substring search", .enabled(if: Fixtures.sharedPresent))
    func terms() throws {
        let messages = try Self.messages()
        #expect(messages.count > 1000)
        let errors = messages.count { $0.contains("ERROR") }
        #expect(errors > 0)
        #expect(try Self.count("ERROR", in: messages) == errors)
        #expect(try Self.count("\"GET /collections\"", in: messages) == messages.count { $0.contains("GET /collections") })
        #expect(try Self.count("ERROR -Exception", in: messages) == messages.count { $0.contains("ERROR") && !$0.contains("Exception") })
        #expect(try Self.count("?ERROR ?Traceback", in: messages) == messages.count { $0.contains("ERROR") || $0.contains("Traceback") })
        #expect(try Self.count("%status=5\\d\\d%", in: messages) == messages.count { $0.contains(#/status=5\d\d/#) })
        #expect(try Self.count("%^INFO: +\\d+\\.\\d+\\.\\d+\\.\\d+:\\d+ %", in: messages) == messages.count { $0.contains(#/^INFO: +\d+\.\d+\.\d+\.\d+:\d+ /#) })
    }

    @Test("JSON patterns agree with Foundation-parsed messages", .enabled(if: Fixtures.sharedPresent))
    func json() throws {
        let messages = try Self.messages()
        let objects = messages.compactMap(Self.jsonObject)
        #expect(objects.count > 100)
        let withNamespace = objects.count {
            guard let aws = $0["_aws"] as? [String: Any], let metrics = aws["CloudWatchMetrics"] as? [[String: Any]],
                  let first = metrics.first else { return false }
            return first["Namespace"] is String
        }
        #expect(withNamespace > 0)
        #expect(try Self.count("{ $._aws.CloudWatchMetrics[0].Namespace = * }", in: messages) == withNamespace)
        let status = { (o: [String: Any]) in (o["StatusCode"] as? NSNumber)?.intValue }
        let slowFailures = objects.count { o in
            guard let code = status(o), let latency = (o["Latency"] as? NSNumber)?.doubleValue else { return false }
            return String(code).hasPrefix("4") && latency > 5
        }
        #expect(try Self.count("{ $.StatusCode = 4* && $.Latency > 5 }", in: messages) == slowFailures)
        #expect(try Self.count("{ $.StatusCode >= 500 || $.StatusCode = 404 }", in: messages)
            == objects.count { status($0).map { $0 >= 500 || $0 == 404 } ?? false })
        #expect(try Self.count("{ $.Sampled IS TRUE }", in: messages) == objects.count { ($0["Sampled"] as? Bool) == true })
        #expect(try Self.count("{ $.TraceId NOT EXISTS }", in: messages) == objects.count { $0["TraceId"] == nil })
        #expect(try Self.count(#"{ $.Route = "/collections/{collection_id}/items" }"#, in: messages)
            == objects.count { ($0["Route"] as? String) == "/collections/{collection_id}/items" })
    }

    @Test("space-delimited access lines agree with a split reference", .enabled(if: Fixtures.sharedPresent))
    func spaceDelimited() throws {
        let messages = try Self.messages()
        // uvicorn access lines: INFO:     203.0.113.91:0 - "GET /x HTTP/1.1" 404 Not Found
        let access = messages.compactMap { message -> (request: String, status: Int, fields: Int)? in
            guard message.hasPrefix("INFO:"), let open = message.firstIndex(of: "\""),
                  let close = message[message.index(after: open)...].firstIndex(of: "\"") else { return nil }
            let head = message[..<open].split(separator: " ")
            let tail = message[message.index(after: close)...].split(separator: " ")
            guard head.count == 3, tail.count >= 2, let status = Int(tail[0]) else { return nil }
            return (String(message[message.index(after: open)..<close]), status, head.count + 1 + tail.count)
        }
        #expect(access.count > 100)
        #expect(try Self.count("[level = INFO:, client, dash = -, request, status, result]", in: messages) == access.count { $0.fields == 6 })
        #expect(try Self.count("[level, client, dash, request, status, ...]", in: messages) >= access.count)
        #expect(try Self.count("[level = INFO:, client, dash, request, status = 4*, ...]", in: messages)
            == access.count { String($0.status).hasPrefix("4") })
        #expect(try Self.count("[level = INFO:, client, dash, request = \"GET /collections/*\", status >= 200 && status < 300, ...]", in: messages)
            == access.count { $0.request.hasPrefix("GET /collections/") && (200..<300).contains($0.status) })
    }
}
