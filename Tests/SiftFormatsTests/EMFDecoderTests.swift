import Foundation
import SiftFormats
import SiftModel
import Testing

/// Decodes one message and returns the outcome, the rules violated and the samples.
func decode(_ text: String) -> (EMFDecoder.Outcome, [EMFRule], [MetricSample]) {
    var decoder = EMFDecoder()
    var bytes = Array(text.utf8)
    let location = InputLocation(source: "test", line: 1)
    let outcome = bytes.withUnsafeMutableBytes { decoder.decode(UnsafeRawBufferPointer($0), location: location) }
    return (outcome, decoder.violations.map(\.rule), decoder.samples(location: location))
}

@Suite struct EMFDecoderTests {
    @Test("number, array, statistic set and Values/Counts values")
    func valueForms() {
        let (outcome, rules, samples) = decode("""
            {"_aws":{"Timestamp":1714550400123,"CloudWatchMetrics":[{"Namespace":"App","Dimensions":[["Svc"]],
            "Metrics":[{"Name":"A","Unit":"Count"},{"Name":"B"},{"Name":"C","Unit":"Milliseconds","StorageResolution":1},{"Name":"D"}]}]},
            "Svc":"orders","A":3,"B":[1.5,2.5],"C":{"Max":9,"Min":1,"Count":4,"Sum":12},"D":{"Values":[1,2],"Counts":[3,5],"Max":2,"Min":1,"Count":8,"Sum":13}}
            """)
        #expect(outcome == .valid)
        #expect(rules.isEmpty)
        #expect(samples.count == 4)
        #expect(samples[0].values == .samples(values: [3], counts: [1]))
        #expect(samples[0].unit == "Count")
        #expect(samples[1].values == .samples(values: [1.5, 2.5], counts: [1, 1]))
        #expect(samples[1].unit == "None")
        #expect(samples[2].values == .statisticSet(maximum: 9, minimum: 1, sampleCount: 4, sum: 12))
        #expect(samples[2].storageResolution == 1)
        #expect(samples[3].values == .samples(values: [1, 2], counts: [3, 5]))
        #expect(samples[0].dimensions.map(\.value) == ["orders"])
        #expect(samples[0].timestamp == Timestamp(millisecondsSinceEpoch: 1714550400123))
    }

    @Test("targets before _aws, several directives, [] set, dotted literal keys, Lambda prefix")
    func layouts() {
        let (outcome, _, samples) = decode("""
            2024-05-01T00:00:00Z\tabc\tINFO\t{"http.route":"/x","L":7,"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"A","Dimensions":[["http.route"],[]],"Metrics":[{"Name":"L"}]},{"Namespace":"B","Dimensions":[[]],"Metrics":[{"Name":"L"}]}]}}
            """)
        #expect(outcome == .valid)
        #expect(samples.map(\.namespace) == ["A", "A", "B"])
        #expect(samples[0].dimensions.map(\.name) == ["http.route"])
        #expect(samples[1].dimensions.isEmpty)
    }

    @Test("legacy Version 0 layout with a string timestamp")
    func legacy() {
        let (outcome, _, samples) = decode("""
            {"Version":"0","Type":"Node","Timestamp":"1596151098037","CloudWatchMetrics":[{"Namespace":"ContainerInsights","Dimensions":[["NodeName"]],"Metrics":[{"Name":"node_cpu_utilization","Unit":"Percent"}]}],"NodeName":"n1","node_cpu_utilization":12.5}
            """)
        #expect(outcome == .valid)
        #expect(samples.first?.timestamp == Timestamp(millisecondsSinceEpoch: 1596151098037))
        #expect(samples.first?.values == .samples(values: [12.5], counts: [1]))
    }

    @Test("plain logs and JSON without EMF are not EMF")
    func notEMF() {
        #expect(decode("GET /items 200").0 == .notEMF)
        #expect(decode(#"{"level":"info","msg":"hi"}"#).0 == .notEMF)
        #expect(decode(#"{"CloudWatchMetrics":[],"Version":"1"}"#).0 == .notEMF)
    }

    /// Record → expected violations, one case per rule.
    static let ruleCases: [(String, EMFRule)] = {
        func rec(_ directive: String, _ members: String = #""S":"a","M":1"#, ts: String = "1") -> String {
            #"{"_aws":{"Timestamp":\#(ts),"CloudWatchMetrics":[\#(directive)]},\#(members)}"#
        }
        let ok = #""Dimensions":[["S"]],"Metrics":[{"Name":"M"}]"#
        let thirtyOne = (0..<31).map { "\"k\($0)\"" }.joined(separator: ",")
        let thirtyOneMembers = (0..<31).map { "\"k\($0)\":\"v\"" }.joined(separator: ",") + #","M":1"#
        let manyMetrics = (0..<101).map { _ in #"{"Name":"M"}"# }.joined(separator: ",")
        let manyValues = "[" + (0..<101).map(String.init).joined(separator: ",") + "]"
        return [
            (#"{"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"N""#, .invalidJSON),
            (#"{"_aws":{"Timestamp":1},"CloudWatchMetrics":[]}"#, .metadataShape),
            (rec(#"{"Namespace":"N",\#(ok)}"#, ts: #""x""#), .timestamp),
            (rec(#""not a directive""#), .directiveShape),
            (rec(#"{"Namespace":"AWS/EC2",\#(ok)}"#), .namespace),
            (rec(#"{\#(ok)}"#), .namespace),
            (rec(#"{"Namespace":"N","Dimensions":[[]],"Metrics":[\#(manyMetrics)]}"#), .tooManyMetrics),
            (rec(#"{"Namespace":"N","Dimensions":[[\#(thirtyOne)]],"Metrics":[{"Name":"M"}]}"#, thirtyOneMembers), .tooManyDimensions),
            (rec(#"{"Namespace":"N","Dimensions":[[":x"]],"Metrics":[{"Name":"M"}]}"#), .dimensionName),
            (rec(#"{"Namespace":"N","Dimensions":[["Missing"]],"Metrics":[{"Name":"M"}]}"#), .dimensionTarget),
            (rec(#"{"Namespace":"N",\#(ok)}"#, #""S":5,"M":1"#), .dimensionTarget),
            (rec(#"{"Namespace":"N",\#(ok)}"#, "\"S\":\"\(String(repeating: "x", count: 1025))\",\"M\":1"), .dimensionValue),
            (rec(#"{"Namespace":"N","Dimensions":[["S"]],"Metrics":[{"Unit":"Count"}]}"#), .metricName),
            (rec(#"{"Namespace":"N","Dimensions":[["S"]],"Metrics":[{"Name":"M","Unit":"Millis"}]}"#), .unit),
            (rec(#"{"Namespace":"N","Dimensions":[["S"]],"Metrics":[{"Name":"M","StorageResolution":5}]}"#), .storageResolution),
            (rec(#"{"Namespace":"N",\#(ok)}"#, #""S":"a","M":"n/a""#), .metricTarget),
            (rec(#"{"Namespace":"N",\#(ok)}"#, #""S":"a""#), .metricTarget),
            (rec(#"{"Namespace":"N",\#(ok)}"#, #""S":"a","M":[]"#), .valueCount),
            (rec(#"{"Namespace":"N",\#(ok)}"#, "\"S\":\"a\",\"M\":\(manyValues)"), .valueCount),
        ]
    }()

    @Test("each rule is detected, with its consequence", arguments: 0..<ruleCases.count)
    func rules(index: Int) {
        let (record, rule) = Self.ruleCases[index]
        let (outcome, rules, samples) = decode(record)
        #expect(rules.contains(rule), "case \(index): \(rules)")
        if rule.consequence == .recordDropped {
            #expect(outcome == .invalid)
            #expect(samples.isEmpty)
        }
    }

    @Test("a reused decoder reports the same violations and datapoints for repeated directive arrays")
    func planCache() {
        var decoder = EMFDecoder()
        let location = InputLocation(source: "test")
        let bad = #"{"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"N","Dimensions":[["S"]],"Metrics":[{"Name":"M","Unit":"Nope"}]}]},"S":"a","M":1}"#
        let good = #"{"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"N","Dimensions":[["S"]],"Metrics":[{"Name":"M"}]}]},"S":"a","M":1}"#
        for text in [bad, good, bad, good, good] {
            var bytes = Array(text.utf8)
            let outcome = bytes.withUnsafeMutableBytes { decoder.decode(UnsafeRawBufferPointer($0), location: location) }
            if text == bad {
                #expect(outcome == .invalid)
                #expect(decoder.violations.map(\.rule) == [.unit])
            } else {
                #expect(outcome == .valid)
                #expect(decoder.datapoints.count == 1)
                #expect(decoder.samples(location: location).first?.dimensions.first?.value == "a")
            }
        }
    }

    @Test("every rule has a case in the table")
    func ruleCoverage() {
        let covered = Set(Self.ruleCases.map(\.1)).union([.notEMF, .timestampWindow])
        #expect(covered == Set(EMFRule.allCases))
    }
}
