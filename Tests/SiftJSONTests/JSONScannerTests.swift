import Foundation
import SiftJSON
import SiftTestSupport
import Testing

/// The pull API: objects, arrays, keys, strings, raw values.
@Suite struct JSONScannerTests {
    @Test("Escaped text with short and long runs between escapes unescapes as Foundation does")
    func escapeRuns() throws {
        let pieces = ["\\\"", "\\\\", "\\/", "\\n", "\\t", "\\r", "\\b", "\\f", "\\u00e9", "\\ud83d\\ude00", "é"]
        var rng = SplitMix(state: 11)
        for _ in 0..<300 {
            var text = ""
            for _ in 0..<Int(rng.next() % 12) {
                text += String(repeating: "x", count: Int(rng.next() % 40))
                text += pieces[Int(rng.next() % UInt64(pieces.count))]
            }
            let json = "[\"" + text + "\"]"
            let expected = try #require((try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String])?.first)
            let read = withScanner(bytes(json)) { (s: inout JSONScanner) throws(JSONScanError) -> String in
                try s.beginArray()
                _ = try s.nextElement()
                return try s.readString()
            }
            #expect(try read.get() == expected, "\(json)")
        }
    }

    @Test("Keys of every length and layout read the same through the compact and general paths")
    func keyLayouts() throws {
        let keys = ["", "a", "seven77", "eight888", "fifteen15151515", "sixteen161616161", "seventeen17171717", "é", "a\\nb", "q\\\"q"]
        for spacing in ["", " "] {
            let members = keys.enumerated().map { "\"\($0.element)\"\(spacing):\($0.offset)" }
            let text = "{" + members.joined(separator: ",") + "," + String(repeating: " ", count: 20) + "\"last\":1}"
            let read = withScanner(bytes(text)) { (s: inout JSONScanner) throws(JSONScanError) -> [String] in
                var names: [String] = []
                try s.beginObject()
                while let key = try s.nextKey() {
                    names.append(String(decoding: key, as: UTF8.self))
                    try s.skipValue()
                }
                return names
            }
            let expected = keys.map { $0.replacingOccurrences(of: "\\n", with: "\n").replacingOccurrences(of: "\\\"", with: "\"") } + ["last"]
            #expect(try read.get() == expected, "\(text)")
        }
        // A trailing comma is still an error at the brace, whichever path reads the key.
        let trailing = withScanner(bytes(#"{"a":1,"bbbbbbbbbbbbbbbbbbbb":2,}"#)) { (s: inout JSONScanner) throws(JSONScanError) -> Int in
            try s.beginObject()
            var n = 0
            while try s.nextKey() != nil { try s.skipValue(); n += 1 }
            return n
        }
        #expect(throws: JSONScanError.self) { try trailing.get() }
    }

    @Test("Walks objects and arrays with typed reads")
    func walk() throws {
        let doc = bytes(#" {"id": "ab\"c", "n": [1, 2.5, -3], "b\u0041": {"c": null, "d": true}, "e": {}, "f": []} "#)
        let result = withScanner(doc) { (s: inout JSONScanner) throws(JSONScanError) -> [String] in
            var log: [String] = []
            let kind = try s.peekKind()
            #expect(kind == .object)
            try s.beginObject()
            while let key = try s.nextKey() {
                if key.equals("id") {
                    log.append("id=\(try s.readString())")
                } else if key.equals("n") {
                    try s.beginArray()
                    while try s.nextElement() { log.append("n=\(try s.readDouble())") }
                } else if key.equals("bA") {
                    try s.beginObject()
                    while let inner = try s.nextKey() {
                        let name = String(decoding: inner, as: UTF8.self)
                        if try s.consumeNull() { log.append("\(name)=null") } else { log.append("\(name)=\(try s.readBool())") }
                    }
                } else {
                    log.append("skip \(String(decoding: key, as: UTF8.self)) \(try s.peekKind())")
                    try s.skipValue()
                }
            }
            let depth = s.depth
            #expect(depth == 0)
            try s.expectEnd()
            return log
        }
        #expect(
            try result.get() == [
                "id=ab\"c", "n=1.0", "n=2.5", "n=-3.0", "c=null", "d=true", "skip e object", "skip f array",
            ])
    }

    @Test("Keys and strings are zero-copy without escapes and unescaped into scratch with them")
    func zeroCopy() throws {
        let doc = bytes(#"{"plain":"v","esc\naped":"\u00e9\ud83d\ude00"}"#)
        try doc.withUnsafeBytes { buffer in
            var s = JSONScanner(buffer)
            try s.beginObject()
            let k1 = try #require(try s.nextKey())
            #expect(k1.baseAddress == buffer.baseAddress! + 2)
            #expect(k1.equals("plain"))
            #expect(!k1.equals("plai"))
            let v1 = try s.readStringBytes()
            #expect(v1.baseAddress == buffer.baseAddress! + 10)
            let k2 = try #require(try s.nextKey())
            #expect(k2.equals("esc\naped"))
            #expect(k2.baseAddress! < buffer.baseAddress! || k2.baseAddress! >= buffer.baseAddress! + buffer.count)
            let str = try s.readString()
            #expect(str == "é😀")
            let end = try s.nextKey()
            #expect(end == nil)
            let atEnd = s.isAtEnd()
            #expect(atEnd)
        }
    }

    @Test("Long escaped strings grow the scratch buffer")
    func longEscapedString() throws {
        let body = String(repeating: #"ab\"c\u00e9"#, count: 5000)
        let expected = String(repeating: "ab\"cé", count: 5000)
        #expect(try withScanner(bytes("\"\(body)\"")) { (s: inout JSONScanner) throws(JSONScanError) in try s.readString() }.get() == expected)
    }

    @Test("rawValue returns a value's exact bytes")
    func rawValue() throws {
        let doc = bytes(#"{"meta": {"a": [1, "x"] } , "b": 2}"#)
        let raws = withScanner(doc) { (s: inout JSONScanner) throws(JSONScanError) -> [String] in
            var out: [String] = []
            try s.beginObject()
            while try s.nextKey() != nil { out.append(String(decoding: try s.rawValue(), as: UTF8.self)) }
            return out
        }
        #expect(try raws.get() == [#"{"a": [1, "x"] }"#, "2"])
    }

    @Test("rawValue(ifEqualTo:) consumes a known container or string, and nothing on a mismatch")
    func rawValueIfEqual() throws {
        let doc = bytes(#"{"a": [1,{"b":"c"}], "n": 12, "s": "x"}"#)
        let result = withScanner(doc) { (s: inout JSONScanner) throws(JSONScanError) -> [String] in
            var out: [String] = []
            func known(_ text: String, _ s: inout JSONScanner) -> String? {
                var text = text
                return text.withUTF8 { s.rawValue(ifEqualTo: UnsafeRawBufferPointer($0)) }.map { String(decoding: $0, as: UTF8.self) }
            }
            try s.beginObject()
            _ = try s.nextKey()
            out.append(known(#"[1,{"b":"d"}]"#, &s) ?? "-")  // differs: nothing consumed
            out.append(known(#"[1,{"b":"c"}]"#, &s) ?? "-")
            _ = try s.nextKey()
            out.append(known("1", &s) ?? "-")  // a number does not delimit itself
            try s.skipValue()
            _ = try s.nextKey()
            out.append(known(#""x""#, &s) ?? "-")
            #expect(try s.nextKey() == nil)
            return out
        }
        #expect(try result.get() == ["-", #"[1,{"b":"c"}]"#, "-", #""x""#])
    }

    @Test("Type mismatches report the value offset and consume nothing")
    func typeMismatch() throws {
        let result = withScanner(bytes(#"  "text""#)) { (s: inout JSONScanner) throws(JSONScanError) -> String in
            #expect(throws: JSONScanError(.typeMismatch, at: 2)) { try s.readDouble() }
            #expect(throws: JSONScanError(.typeMismatch, at: 2)) { try s.beginObject() }
            #expect(throws: JSONScanError(.typeMismatch, at: 2)) { try s.readBool() }
            let wasNull = try s.consumeNull()
            #expect(!wasNull)
            return try s.readString()
        }
        #expect(try result.get() == "text")
        #expect(
            withScanner(bytes("[1]")) { (s: inout JSONScanner) throws(JSONScanError) in try s.readStringBytes() }.failure
                == JSONScanError(.typeMismatch, at: 0))
        #expect(
            withScanner(bytes("?")) { (s: inout JSONScanner) throws(JSONScanError) in try s.readDouble() }.failure
                == JSONScanError(.unexpectedByte(0x3F), at: 0))
    }

    @Test("Structural errors from the iterator API")
    func structuralErrors() {
        func walk(_ text: String) -> JSONScanError? {
            withScanner(bytes(text)) { (s: inout JSONScanner) throws(JSONScanError) in
                _ = try JSONValue(parsing: &s)
                try s.expectEnd()
            }.failure
        }
        #expect(walk(#"{"a":1,}"#) == JSONScanError(.unexpectedByte(0x7D), at: 7))
        #expect(walk("[1 2]") == JSONScanError(.unexpectedByte(0x32), at: 3))
        #expect(walk("[1,]") == JSONScanError(.unexpectedByte(0x5D), at: 3))
        #expect(walk(#"{"a":1 "b":2}"#) == JSONScanError(.unexpectedByte(0x22), at: 7))
        #expect(walk("[,1]") == JSONScanError(.unexpectedByte(0x2C), at: 1))
    }

    @Test("Closing without an open container is an error, not a negative depth")
    func unbalancedClose() {
        let result = withScanner(bytes("}]}]")) { (s: inout JSONScanner) throws(JSONScanError) -> Int in
            var errors = 0
            for _ in 0..<4 {
                do throws(JSONScanError) { _ = try s.nextKey() } catch { errors += 1 }
                do throws(JSONScanError) { _ = try s.nextElement() } catch { errors += 1 }
            }
            #expect(s.depth == 0)
            return errors
        }
        #expect(result == .success(8))
    }

    @Test("skipValue over each segments.jsonl line ends at the line's trimmed length", .enabled(if: Fixtures.sharedPresent))
    func skipSegments() throws {
        let data = try Fixtures.bytes(Fixtures.shared("sdk/xray/segments.jsonl"))
        var lines = 0
        try data.withUnsafeBytes { all in
            var scanner = JSONScanner(UnsafeRawBufferPointer(start: nil, count: 0))
            var start = 0
            while start < all.count {
                var end = start
                while end < all.count && all[end] != 0x0A { end += 1 }
                var trimmed = end
                while trimmed > start && [0x20, 0x0D, 0x09].contains(all[trimmed - 1]) { trimmed -= 1 }
                if trimmed > start {
                    scanner.reset(UnsafeRawBufferPointer(rebasing: all[start..<end]))
                    try scanner.skipValue()
                    let offset = scanner.offset
                    #expect(offset == trimmed - start)
                    let atEnd = scanner.isAtEnd()
                    #expect(atEnd)
                    lines += 1
                }
                start = end + 1
            }
        }
        #expect(lines > 1000)
    }
}
