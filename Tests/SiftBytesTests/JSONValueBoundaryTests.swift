import SiftModel
import Testing

@testable import SiftBytes

/// A value, what follows it, and where it ends (as a byte count).
struct BoundaryCase: CustomStringConvertible {
    var value: String
    var after: String
    var backToBack = true

    var bytes: [UInt8] { Array((value + after).utf8) }
    var end: Int { value.utf8.count }
    var description: String { (value + after).debugDescription }
}

/// Scans `bytes` with a fresh boundary, in pieces cut at `cuts` (ascending), each piece copied into
/// a buffer of its own as after a refill.
///
/// - Returns: the value's end as an index into `bytes`, or `nil` if it did not end.
func boundaryEnd(of bytes: [UInt8], cuts: [Int], backToBack: Bool = true) -> (end: Int?, boundary: JSONValueBoundary) {
    var boundary = JSONValueBoundary(backToBack: backToBack)
    boundary.start(bytes[0])
    var pieceStart = 0
    for pieceEnd in cuts + [bytes.count] where pieceEnd > pieceStart {
        let piece = Array(bytes[pieceStart..<pieceEnd])
        let from = max(1, pieceStart) - pieceStart
        if from < piece.count {
            let found = piece.withUnsafeBufferPointer { boundary.scan($0.baseAddress!, from: from, to: piece.count) }
            if let found { return (pieceStart + found, boundary) }
        }
        pieceStart = pieceEnd
    }
    return (nil, boundary)
}

@Suite struct JSONValueBoundaryTests {
    static let depth = 512  // SiftJSON's default maxDepth: the deepest value the parser accepts.

    static let cases: [BoundaryCase] = [
        BoundaryCase(value: #"{"a":"}{\"]"}"#, after: #"{"b":1}"#),
        BoundaryCase(value: #"["]", "[", "}", "{", {"]}": "[{"}]"#, after: "\n[2]"),
        BoundaryCase(value: #""\\""#, after: #""x""#),  // One escaped backslash: the quote closes.
        BoundaryCase(value: #""\\\"""#, after: " 1"),  // A backslash, then an escaped quote.
        BoundaryCase(value: #""\"""#, after: "]"),
        BoundaryCase(value: #"{"k":"\\\\\\\"}]","v":["\\",{"\\\"":"\\"}]}"#, after: "{}"),
        BoundaryCase(value: #""{[ μ \u0022 ]}""#, after: "{"),
        BoundaryCase(value: "{}", after: "{}"),
        BoundaryCase(value: "[[],[[]],{}]", after: ","),
        BoundaryCase(
            value: String(repeating: "[", count: depth) + #""]]\"""# + String(repeating: "]", count: depth),
            after: "]"
        ),
        BoundaryCase(
            value: String(repeating: #"{"a":"#, count: depth) + "null" + String(repeating: "}", count: depth),
            after: "}}"
        ),
        // Mismatched brackets: the depth counts both kinds alike.
        BoundaryCase(value: "[1}", after: "]"),
        // Scalars end at a delimiter, which is not part of them.
        BoundaryCase(value: "-1.5e3", after: #"{"a":1}"#),
        BoundaryCase(value: "true", after: "[1]"),
        BoundaryCase(value: "null", after: #""s""#),
        BoundaryCase(value: "42", after: "\r\n"),
        BoundaryCase(value: "fals", after: ",1"),
        BoundaryCase(value: "7", after: "}"),
        // Inside an array a scalar ends only at whitespace, `,`, `]` or `}`.
        BoundaryCase(value: #"1"x"{["#, after: "]", backToBack: false),
        BoundaryCase(value: "-0", after: " ,", backToBack: false),
        BoundaryCase(value: #""x""#, after: "]", backToBack: false),
        BoundaryCase(value: #"{"a":[1,"]"]}"#, after: ",2]", backToBack: false),
    ]

    @Test("Every case ends in the right place, whole and cut at every byte offset")
    func everyCut() {
        for c in Self.cases {
            let bytes = c.bytes
            #expect(boundaryEnd(of: bytes, cuts: [], backToBack: c.backToBack).end == c.end, "\(c)")
            for cut in 0...bytes.count {
                let got = boundaryEnd(of: bytes, cuts: [cut], backToBack: c.backToBack).end
                #expect(got == c.end, "\(c) cut at \(cut)")
            }
        }
    }

    @Test("Cases with a backslash or quote end right however two cuts fall, and byte by byte")
    func everyTwoCuts() {
        for c in Self.cases where c.bytes.count < 80 {
            let bytes = c.bytes
            for first in 0...bytes.count {
                for second in first...bytes.count {
                    let got = boundaryEnd(of: bytes, cuts: [first, second], backToBack: c.backToBack).end
                    #expect(got == c.end, "\(c) cut at \(first) and \(second)")
                }
            }
        }
        for c in Self.cases {
            let got = boundaryEnd(of: c.bytes, cuts: Array(0...c.bytes.count), backToBack: c.backToBack).end
            #expect(got == c.end, "\(c) byte by byte")
        }
    }

    @Test("An unfinished value ends nowhere; only a scalar may end with the input")
    func unfinished() {
        let open = [#"{"a":"}"#, #"["\"]"#, #""\\\""#, #""abc\"#, "[[]", String(repeating: "[", count: Self.depth)]
        for text in open {
            let bytes = Array(text.utf8)
            for cut in 0...bytes.count {
                let (end, boundary) = boundaryEnd(of: bytes, cuts: [cut])
                #expect(end == nil, "\(text.prefix(20).debugDescription) cut at \(cut)")
                #expect(!boundary.endsAtEndOfInput)
            }
        }
        for text in ["12", "-", "true", "nul"] {
            let (end, boundary) = boundaryEnd(of: Array(text.utf8), cuts: [1])
            #expect(end == nil)
            #expect(boundary.endsAtEndOfInput, "\(text)")
        }
    }

    @Test("Nesting deeper than any parser limit still ends where the depth returns to zero")
    func noDepthLimit() {
        let depth = 200_000
        let value = String(repeating: #"[{"k":"#, count: depth) + "0" + String(repeating: "}]", count: depth)
        let bytes = Array((value + "[").utf8)
        for cut in [0, 1, depth, bytes.count / 2, bytes.count - 2] {
            #expect(boundaryEnd(of: bytes, cuts: [cut]).end == bytes.count - 1, "cut at \(cut)")
        }
    }

    @Test("A started value forgets the previous one: state after an unfinished string or escape")
    func startResets() {
        var boundary = JSONValueBoundary(backToBack: true)
        let unfinished = Array(#"{"a":"\"#.utf8)
        boundary.start(unfinished[0])
        #expect(unfinished.withUnsafeBufferPointer { boundary.scan($0.baseAddress!, from: 1, to: $0.count) } == nil)
        let next = Array(#"{"b":"]"}"#.utf8)
        boundary.start(next[0])
        #expect(next.withUnsafeBufferPointer { boundary.scan($0.baseAddress!, from: 1, to: $0.count) } == next.count)
        #expect(!boundary.isScalar)
    }

    @Test("Both framers lend the same bytes for the same values at every buffer size and read split")
    func bothFramers() {
        let values = Self.cases.filter(\.backToBack).map(\.value)
        let expected = values
        // Back to back with nothing between them where that is unambiguous; a space after scalars.
        let concatenated = values.map { $0.first!.isNumber || $0.first! == "-" || $0.first!.isLetter ? $0 + " " : $0 }
            .joined()
        let document = #"{"nextToken":"]\"[","events":["# + values.joined(separator: ",\n ") + #"],"z":"}"}"#
        let valueBytes = Array(concatenated.utf8)
        let documentBytes = Array(document.utf8)
        for bufferBytes in [1, 2, 3, 5, 8, 64, 1 << 16] {
            for maxRead in [1, 7, 1000] {
                let framed = collectValues(
                    MemoryByteStream(valueBytes, maxReadBytes: maxRead),
                    bufferBytes: bufferBytes
                )
                #expect(framed.errors.isEmpty, "buffer \(bufferBytes) read \(maxRead)")
                #expect(framed.texts == expected, "values, buffer \(bufferBytes) read \(maxRead)")
                let elements = collectElements(
                    MemoryByteStream(documentBytes, maxReadBytes: maxRead),
                    key: "events",
                    bufferBytes: bufferBytes
                )
                #expect(elements.errors.isEmpty, "buffer \(bufferBytes) read \(maxRead)")
                #expect(elements.texts == expected, "elements, buffer \(bufferBytes) read \(maxRead)")
                #expect(elements.locations.map(\.record) == Array(1...expected.count))
            }
        }
    }
}
