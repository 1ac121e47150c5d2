import Glibc
import SiftBytes
import SiftJSON
import SiftModel

/// Decodes the message of one log event as an Embedded Metric Format record: detection, every
/// ``EMFRule`` check, and the datapoints CloudWatch would extract.
///
/// Both layouts are read: `_aws.CloudWatchMetrics` and the legacy root `CloudWatchMetrics` with
/// `"Version":"0"` (root `Timestamp` as a string of digits). A message that does not start with
/// `{` is searched for its first `{` (Lambda's `<ts>\t<requestId>\t<LEVEL>\t` prefix). Metric values
/// may be a number, an array of numbers, an ADOT statistic set `{Max, Min, Count, Sum}` or an ADOT
/// histogram `{Values, Counts, ...}`.
///
/// Hot path: the root object is indexed once (``EMFMemberIndex``), directives are resolved against
/// the index, and namespaces, names, units and dimension values are interned in ``strings``; after
/// warm-up a valid record allocates nothing. Results live in the decoder until the next call.
///
/// ```swift
/// var decoder = EMFDecoder()
/// if decoder.decode(message, location: location) == .valid {
///     for point in decoder.datapoints { print(decoder.strings.string(point.metric), decoder.values[point.values]) }
/// }
/// ```
public struct EMFDecoder {
    /// What a message turned out to be.
    public enum Outcome: Sendable, Equatable {
        /// Not an EMF record (a plain log line or structured log).
        case notEMF
        /// An EMF record from which CloudWatch extracts at least the ``datapoints``.
        case valid
        /// An EMF record CloudWatch extracts no metrics from (see ``violations``).
        case invalid
    }

    /// The two record layouts.
    public enum Layout: Sendable, Equatable {
        /// `_aws.CloudWatchMetrics` (current specification).
        case aws
        /// Root `CloudWatchMetrics` with `"Version":"0"`.
        case legacyV0
    }

    /// An ADOT statistic set: count, sum and extremes without individual values.
    public struct StatisticSet: Sendable, Equatable {
        /// `Max`.
        public var maximum: Double
        /// `Min`.
        public var minimum: Double
        /// `Count`.
        public var sampleCount: Double
        /// `Sum`.
        public var sum: Double
    }

    /// One dimension: interned key and value.
    public struct Dimension: Sendable, Equatable {
        /// The key's id in ``EMFDecoder/strings``.
        public var name: Int32
        /// The value's id in ``EMFDecoder/strings``.
        public var value: Int32
    }

    /// One extracted metric: a directive × dimension set × metric definition.
    public struct Datapoint: Sendable {
        /// The namespace id in ``EMFDecoder/strings``.
        public var namespace: Int32
        /// The metric name id.
        public var metric: Int32
        /// The unit id (`None` when the definition has no unit).
        public var unit: Int32
        /// 1 (high resolution) or 60.
        public var storageResolution: Int
        /// The dimensions: indices into ``EMFDecoder/dimensions``, in dimension-set order.
        public var dimensions: Range<Int>
        /// The values: indices into ``EMFDecoder/values`` and ``EMFDecoder/counts`` (empty for a statistic set).
        public var values: Range<Int>
        /// The statistic set, when the value was one.
        public var statisticSet: StatisticSet?
    }

    private struct MetricDefinition {
        var name: Int32
        var unit: Int32
        var storageResolution: Int
        var values: Range<Int>
        var statisticSet: StatisticSet?
        var dropped: Bool
    }

    /// Every namespace, metric name, unit, dimension key and value seen, interned.
    public var strings = ByteInterner()
    /// The last record's layout.
    public private(set) var layout = Layout.aws
    /// The last record's metric time (`_aws.Timestamp`), in epoch milliseconds; 0 when it had none.
    public private(set) var timestampMillis: Int64 = 0
    /// The last record's datapoints (empty unless the outcome was ``Outcome/valid``).
    public private(set) var datapoints: [Datapoint] = []
    /// Dimension storage for ``datapoints``.
    public private(set) var dimensions: [Dimension] = []
    /// Value storage for ``datapoints``.
    public private(set) var values: [Double] = []
    /// The count of each value (1 for plain values, `Counts[i]` for ADOT histograms).
    public private(set) var counts: [Double] = []
    /// The last record's violations, in the order found.
    public private(set) var violations: [EMFViolation] = []

    private var members = EMFMemberIndex()
    private var outer = JSONScanner(UnsafeRawBufferPointer(start: nil, count: 0))
    private var inner = JSONScanner(UnsafeRawBufferPointer(start: nil, count: 0))
    private var valueScanner = JSONScanner(UnsafeRawBufferPointer(start: nil, count: 0))
    private var dimensionSets: [Range<Int>] = []
    private var plan: DirectivePlan?
    private var planIDs = ByteInterner()
    private var cachedPlans: [DirectivePlan?] = []
    /// Distinct `CloudWatchMetrics` arrays whose parsed form is kept.
    static let maxCachedPlans = 4096
    private var metrics: [MetricDefinition] = []
    private var location = InputLocation(source: "")
    private let noneUnit: Int32

    /// Creates a decoder.
    public init() {
        noneUnit = strings.intern("None")
    }

    /// Decodes one message.
    ///
    /// - Parameters:
    ///   - message: The log event's message bytes (or one record of an `emf` input).
    ///   - location: Where the record was read, for violations.
    /// - Returns: Whether the message is EMF and whether CloudWatch would extract metrics from it.
    public mutating func decode(_ message: UnsafeRawBufferPointer, location: InputLocation) -> Outcome {
        datapoints.removeAll(keepingCapacity: true)
        dimensions.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        counts.removeAll(keepingCapacity: true)
        violations.removeAll(keepingCapacity: true)
        timestampMillis = 0
        guard let body = EMFDecoder.objectStart(message), EMFDecoder.contains(body, "CloudWatchMetrics") else { return .notEMF }
        self.location = location
        members.reset(body)
        outer.reset(body)
        do throws(JSONScanError) {
            try outer.beginObject()
            while let key = try outer.nextKey() {
                let value = try outer.rawValue()
                members.append(key: key, value: value)
            }
            try outer.expectEnd()
        } catch {
            violate(.invalidJSON, "$", "\(error.reason.summary) at byte \(error.offset)")
            return .invalid
        }
        let directives: UnsafeRawBufferPointer
        if let aws = members.value(of: "_aws") {
            layout = .aws
            guard let found = readMetadata(aws) else { return .invalid }
            directives = found
        } else if let root = members.value(of: "CloudWatchMetrics"), isLegacyVersion() {
            layout = .legacyV0
            directives = root
            readLegacyTimestamp()
        } else {
            return .notEMF
        }
        readDirectives(directives)
        if violations.contains(where: { $0.consequence == .recordDropped }) {
            datapoints.removeAll(keepingCapacity: true)
            return .invalid
        }
        return datapoints.isEmpty && !violations.isEmpty ? .invalid : .valid
    }

    /// The datapoints of the last record as ``MetricSample`` values (allocating; for library users).
    public func samples(location: InputLocation) -> [MetricSample] {
        datapoints.map { point in
            let dims = dimensions[point.dimensions].map { (name: strings.string($0.name), value: strings.string($0.value)) }
            let sampleValues: MetricSample.Values
            if let set = point.statisticSet {
                sampleValues = .statisticSet(maximum: set.maximum, minimum: set.minimum, sampleCount: set.sampleCount, sum: set.sum)
            } else {
                sampleValues = .samples(values: Array(values[point.values]), counts: Array(counts[point.values]))
            }
            return MetricSample(
                namespace: strings.string(point.namespace), metric: strings.string(point.metric), dimensions: dims,
                unit: strings.string(point.unit), storageResolution: point.storageResolution,
                timestamp: Timestamp(millisecondsSinceEpoch: timestampMillis), values: sampleValues, location: location)
        }
    }

    // MARK: Layouts

    /// Reads `_aws`; returns the `CloudWatchMetrics` slice, or `nil` (with a violation).
    private mutating func readMetadata(_ aws: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        var directives: UnsafeRawBufferPointer?
        var timestamp: Int64?
        var timestampPresent = false
        inner.reset(aws)
        do throws(JSONScanError) {
            guard try inner.peekKind() == .object else {
                violate(.metadataShape, "_aws", "_aws is not an object")
                return nil
            }
            try inner.beginObject()
            while let key = try inner.nextKey() {
                if key.equals("CloudWatchMetrics") {
                    directives = try inner.rawValue()
                } else if key.equals("Timestamp") {
                    timestampPresent = true
                    if try inner.peekKind() == .number {
                        let v = try inner.readDouble()
                        if v.isFinite && abs(v) < 9.2e18 { timestamp = Int64(v) }
                    } else {
                        try inner.skipValue()
                    }
                } else {
                    try inner.skipValue()
                }
            }
        } catch {
            violate(.invalidJSON, "_aws", "\(error.reason.summary)")
            return nil
        }
        guard let directives, directives.first == UInt8(ascii: "[") else {
            violate(.metadataShape, "_aws.CloudWatchMetrics", directives == nil ? "missing" : "not an array")
            return nil
        }
        if let timestamp {
            timestampMillis = timestamp
        } else {
            violate(.timestamp, "_aws.Timestamp", timestampPresent ? "not a number" : "missing")
        }
        return directives
    }

    private mutating func isLegacyVersion() -> Bool {
        guard let version = members.value(of: "Version") else { return false }
        return version.equals("\"0\"")
    }

    private mutating func readLegacyTimestamp() {
        guard let raw = members.value(of: "Timestamp") else {
            violate(.timestamp, "Timestamp", "missing")
            return
        }
        valueScanner.reset(raw)
        do throws(JSONScanError) {
            switch try valueScanner.peekKind() {
            case .string:
                let digits = try valueScanner.readStringBytes()
                var v: Int64 = 0
                guard !digits.isEmpty, digits.count <= 18 else { break }
                for d in digits {
                    guard d >= UInt8(ascii: "0") && d <= UInt8(ascii: "9") else {
                        violate(.timestamp, "Timestamp", "not a string of digits")
                        return
                    }
                    v = v * 10 + Int64(d - UInt8(ascii: "0"))
                }
                timestampMillis = v
                return
            case .number:
                timestampMillis = try valueScanner.readInt64()
                return
            default:
                break
            }
        } catch {}
        violate(.timestamp, "Timestamp", "not a string of digits")
    }

    // MARK: Directives

    /// Parses `CloudWatchMetrics` into ``plan`` (reusing the parsed plan when the same directive
    /// bytes were seen before and had no structural violation), then resolves it against the record.
    private mutating func readDirectives(_ directives: UnsafeRawBufferPointer) {
        let prefix = EMFPath(root: layout == .aws ? "_aws.CloudWatchMetrics" : "CloudWatchMetrics")
        if planIDs.count < EMFDecoder.maxCachedPlans {
            let id = Int(planIDs.intern(directives))
            if id < cachedPlans.count {
                if let cached = cachedPlans[id] { plan = cached } else { buildPlan(directives, prefix: prefix) }
            } else {
                let before = violations.count
                buildPlan(directives, prefix: prefix)
                // Plans with structural violations are rebuilt each time so their violations are reported again.
                cachedPlans.append(violations.count == before ? plan : nil)
            }
        } else {
            buildPlan(directives, prefix: prefix)
        }
        resolvePlan(prefix: prefix)
    }

    /// Emits the datapoints of ``plan`` for the current record.
    private mutating func resolvePlan(prefix: EMFPath) {
        guard let plan else { return }
        for (d, directive) in plan.directives.enumerated() where directive.usable {
            let path = directivePath(prefix, d)
            var ok = true
            dimensionSets.removeAll(keepingCapacity: true)
            for (s, set) in plan.sets[directive.sets].enumerated() {
                let start = dimensions.count
                var setPath = section(path, ".Dimensions")
                setPath.index = s
                for (k, key) in plan.keys[set].enumerated() {
                    if let dimension = resolveDimension(key, path: keyPath(setPath, k)) {
                        dimensions.append(dimension)
                    } else {
                        ok = false
                    }
                }
                dimensionSets.append(start..<dimensions.count)
            }
            metrics.removeAll(keepingCapacity: true)
            for (m, metric) in plan.metrics[directive.metrics].enumerated() {
                var metricPath = section(path, ".Metrics")
                metricPath.index = m
                let start = values.count
                var statisticSet: StatisticSet?
                let target = strings.withBytes(metric.name) { members.value(of: $0) }
                if let target {
                    if !readValues(target, statisticSet: &statisticSet, name: metric.name, path: metricPath) { ok = false }
                } else {
                    violate(.metricTarget, metricPath, "no root member \"\(strings.string(metric.name))\"")
                    ok = false
                }
                metrics.append(MetricDefinition(
                    name: metric.name, unit: metric.unit, storageResolution: metric.storageResolution,
                    values: start..<values.count, statisticSet: statisticSet, dropped: metric.dropped))
            }
            guard ok else { continue }
            for set in dimensionSets {
                for metric in metrics where !metric.dropped {
                    datapoints.append(Datapoint(
                        namespace: directive.namespace, metric: metric.name, unit: metric.unit,
                        storageResolution: metric.storageResolution, dimensions: set, values: metric.values,
                        statisticSet: metric.statisticSet))
                }
            }
        }
    }

    /// Parses the directive array into ``plan``, reporting structural violations.
    private mutating func buildPlan(_ directives: UnsafeRawBufferPointer, prefix: EMFPath) {
        var built = DirectivePlan()
        outer.reset(directives)
        var index = 0
        do throws(JSONScanError) {
            try outer.beginArray()
            while try outer.nextElement() {
                defer { index += 1 }
                let path = directivePath(prefix, index)
                guard try outer.peekKind() == .object else {
                    try outer.skipValue()
                    violate(.directiveShape, path, "directive is not an object")
                    continue
                }
                var namespace: Int32?
                var namespacePresent = false
                var dimensionsRaw: UnsafeRawBufferPointer?
                var metricsRaw: UnsafeRawBufferPointer?
                try outer.beginObject()
                while let key = try outer.nextKey() {
                    if key.equals("Namespace") {
                        namespacePresent = true
                        namespace = try readNamespace(path: path.appending(".Namespace"))
                    } else if key.equals("Dimensions") {
                        dimensionsRaw = try outer.rawValue()
                    } else if key.equals("Metrics") {
                        metricsRaw = try outer.rawValue()
                    } else {
                        try outer.skipValue()
                    }
                }
                let setsStart = built.sets.count, metricsStart = built.metrics.count
                let setsOK = planDimensionSets(dimensionsRaw, path: path, into: &built)
                let metricsOK = planMetrics(metricsRaw, path: path, into: &built)
                if !namespacePresent { violate(.namespace, path.appending(".Namespace"), "missing") }
                built.directives.append(DirectivePlan.Directive(
                    namespace: namespace ?? noneUnit, sets: setsStart..<built.sets.count,
                    metrics: metricsStart..<built.metrics.count, usable: namespace != nil && setsOK && metricsOK))
            }
        } catch {
            violate(.directiveShape, prefix, "not an array of directives (\(error.reason.summary))")
        }
        plan = built
    }

    private mutating func readNamespace(path: EMFPath) throws(JSONScanError) -> Int32? {
        guard try outer.peekKind() == .string else {
            try outer.skipValue()
            violate(.namespace, path, "not a string")
            return nil
        }
        let bytes = try outer.readStringBytes()
        if let problem = EMFDecoder.namespaceProblem(bytes) {
            violate(.namespace, path, "\"\(String(decoding: bytes, as: UTF8.self))\" \(problem)")
            return nil
        }
        return strings.intern(bytes)
    }

    /// Why a namespace is not accepted, or `nil`.
    static func namespaceProblem(_ bytes: UnsafeRawBufferPointer) -> String? {
        if bytes.isEmpty { return "is empty" }
        if bytes.count > 255 { return "is longer than 255 characters" }
        if bytes.count >= 4 && bytes[0] == UInt8(ascii: "A") && bytes[1] == UInt8(ascii: "W") && bytes[2] == UInt8(ascii: "S")
            && bytes[3] == UInt8(ascii: "/") { return "uses the reserved AWS/ prefix" }
        for b in bytes {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "/"), UInt8(ascii: "#"), UInt8(ascii: ":"),
                UInt8(ascii: " "):
                continue
            default:
                return "has a character outside [A-Za-z0-9._-/#: ]"
            }
        }
        return nil
    }

    /// Parses `Dimensions` into the plan; `false` when the directive cannot produce metrics.
    private mutating func planDimensionSets(_ raw: UnsafeRawBufferPointer?, path: EMFPath, into built: inout DirectivePlan) -> Bool {
        guard let raw else {
            violate(.directiveShape, section(path, ".Dimensions"), "missing")
            return false
        }
        var ok = true
        inner.reset(raw)
        var setIndex = 0
        do throws(JSONScanError) {
            guard try inner.peekKind() == .array else {
                violate(.directiveShape, section(path, ".Dimensions"), "not an array")
                return false
            }
            try inner.beginArray()
            while try inner.nextElement() {
                defer { setIndex += 1 }
                var setPath = section(path, ".Dimensions")
                setPath.index = setIndex
                guard try inner.peekKind() == .array else {
                    try inner.skipValue()
                    violate(.directiveShape, setPath, "dimension set is not an array")
                    ok = false
                    continue
                }
                let start = built.keys.count
                var keyIndex = 0
                try inner.beginArray()
                while try inner.nextElement() {
                    defer { keyIndex += 1 }
                    guard try inner.peekKind() == .string else {
                        try inner.skipValue()
                        violate(.directiveShape, keyPath(setPath, keyIndex), "dimension key is not a string")
                        ok = false
                        continue
                    }
                    let key = try inner.readStringBytes()
                    if key.isEmpty || key.count > 255 || key[0] == UInt8(ascii: ":") {
                        violate(.dimensionName, keyPath(setPath, keyIndex),
                                "dimension key \"\(String(decoding: key, as: UTF8.self))\" is empty, too long or starts with ':'")
                        ok = false
                        continue
                    }
                    built.keys.append(strings.intern(key))
                }
                if keyIndex > 30 {
                    violate(.tooManyDimensions, setPath, "\(keyIndex) keys (at most 30)")
                    ok = false
                }
                built.sets.append(start..<built.keys.count)
            }
        } catch {
            violate(.directiveShape, section(path, ".Dimensions"), error.reason.summary)
            return false
        }
        return ok
    }

    /// The dimension for key `name` in the current record, or `nil` (with a violation).
    private mutating func resolveDimension(_ name: Int32, path: EMFPath) -> Dimension? {
        guard let target = strings.withBytes(name, { members.value(of: $0) }) else {
            violate(.dimensionTarget, path, "no root member \"\(strings.string(name))\"")
            return nil
        }
        valueScanner.reset(target)
        do throws(JSONScanError) {
            guard try valueScanner.peekKind() == .string else {
                violate(.dimensionTarget, path, "member \"\(strings.string(name))\" is not a string")
                return nil
            }
            let value = try valueScanner.readStringBytes()
            if value.count > 1024 {
                violate(.dimensionValue, path, "value of \"\(strings.string(name))\" has \(value.count) bytes (at most 1024)")
                return nil
            }
            return Dimension(name: name, value: strings.intern(value))
        } catch {
            violate(.dimensionTarget, path, "member \"\(strings.string(name))\": \(error.reason.summary)")
            return nil
        }
    }

    /// Parses `Metrics` into the plan; `false` when the directive cannot produce metrics.
    private mutating func planMetrics(_ raw: UnsafeRawBufferPointer?, path: EMFPath, into built: inout DirectivePlan) -> Bool {
        guard let raw else {
            violate(.directiveShape, section(path, ".Metrics"), "missing")
            return false
        }
        var ok = true
        inner.reset(raw)
        var index = 0
        do throws(JSONScanError) {
            guard try inner.peekKind() == .array else {
                violate(.directiveShape, section(path, ".Metrics"), "not an array")
                return false
            }
            try inner.beginArray()
            while try inner.nextElement() {
                defer { index += 1 }
                var metricPath = section(path, ".Metrics")
                metricPath.index = index
                guard try inner.peekKind() == .object else {
                    try inner.skipValue()
                    violate(.directiveShape, metricPath, "metric definition is not an object")
                    ok = false
                    continue
                }
                var name: Int32?
                var unit = noneUnit
                var resolution = 60
                var dropped = false
                try inner.beginObject()
                while let key = try inner.nextKey() {
                    if key.equals("Name") {
                        guard try inner.peekKind() == .string else {
                            try inner.skipValue()
                            continue
                        }
                        let bytes = try inner.readStringBytes()
                        guard !bytes.isEmpty && bytes.count <= 255 else { continue }
                        name = strings.intern(bytes)
                    } else if key.equals("Unit") {
                        if try inner.peekKind() == .string {
                            let bytes = try inner.readStringBytes()
                            if EMFUnit.isValid(bytes) {
                                unit = strings.intern(bytes)
                            } else {
                                violate(.unit, metricPath.appending(".Unit"), "\"\(String(decoding: bytes, as: UTF8.self))\" is not a CloudWatch unit")
                                ok = false
                            }
                        } else if try !inner.consumeNull() {
                            try inner.skipValue()
                            violate(.unit, metricPath.appending(".Unit"), "not a string")
                            ok = false
                        }
                    } else if key.equals("StorageResolution") {
                        let r: Double? = try inner.peekKind() == .number ? try inner.readDouble() : nil
                        if r == nil { try inner.skipValue() }
                        if r == 1 || r == 60 {
                            resolution = Int(r!)
                        } else {
                            violate(.storageResolution, metricPath.appending(".StorageResolution"), "not 1 or 60")
                            dropped = true
                        }
                    } else {
                        try inner.skipValue()
                    }
                }
                guard let name else {
                    violate(.metricName, metricPath.appending(".Name"), "missing, not a string, empty or longer than 255 characters")
                    ok = false
                    continue
                }
                built.metrics.append(DirectivePlan.Metric(name: name, unit: unit, storageResolution: resolution, dropped: dropped))
            }
        } catch {
            violate(.directiveShape, section(path, ".Metrics"), error.reason.summary)
            return false
        }
        if index > 100 {
            violate(.tooManyMetrics, section(path, ".Metrics"), "\(index) metrics (at most 100)")
            ok = false
        }
        return ok
    }

    /// Appends a metric target's values; `false` (with a violation) when the target is not numeric.
    private mutating func readValues(
        _ target: UnsafeRawBufferPointer, statisticSet: inout StatisticSet?, name: Int32, path: EMFPath
    ) -> Bool {
        valueScanner.reset(target)
        do throws(JSONScanError) {
            switch try valueScanner.peekKind() {
            case .number:
                values.append(try valueScanner.readDouble())
                counts.append(1)
                return true
            case .array:
                let start = values.count
                try valueScanner.beginArray()
                while try valueScanner.nextElement() {
                    guard try valueScanner.peekKind() == .number else {
                        violate(.metricTarget, path, "member \"\(strings.string(name))\" holds a value that is not a number")
                        return false
                    }
                    values.append(try valueScanner.readDouble())
                    counts.append(1)
                }
                let n = values.count - start
                if n == 0 || n > 100 {
                    violate(.valueCount, path, "member \"\(strings.string(name))\" has \(n) values (1 to 100)")
                    return false
                }
                return true
            case .object:
                return try readADOTValue(statisticSet: &statisticSet, name: name, path: path)
            default:
                violate(.metricTarget, path, "member \"\(strings.string(name))\" is not a number or an array of numbers")
                return false
            }
        } catch {
            violate(.metricTarget, path, "member \"\(strings.string(name))\": \(error.reason.summary)")
            return false
        }
    }

    /// `{Values, Counts, ...}` (values with counts) or `{Max, Min, Count, Sum}` (a statistic set).
    private mutating func readADOTValue(statisticSet: inout StatisticSet?, name: Int32, path: EMFPath) throws(JSONScanError) -> Bool {
        var maximum: Double?, minimum: Double?, count: Double?, sum: Double?
        let valuesStart = values.count
        var valueCount = -1
        var countsRead = -1
        try valueScanner.beginObject()
        while let key = try valueScanner.nextKey() {
            if key.equals("Values") || key.equals("Counts") {
                let isValues = key.equals("Values")
                guard try valueScanner.peekKind() == .array else {
                    try valueScanner.skipValue()
                    continue
                }
                var n = 0
                try valueScanner.beginArray()
                while try valueScanner.nextElement() {
                    guard try valueScanner.peekKind() == .number else {
                        violate(.metricTarget, path, "member \"\(strings.string(name))\" has a non-numeric Values/Counts entry")
                        return false
                    }
                    let v = try valueScanner.readDouble()
                    if isValues {
                        if valuesStart + n < values.count { values[valuesStart + n] = v } else { values.append(v); counts.append(1) }
                    } else {
                        if valuesStart + n < counts.count { counts[valuesStart + n] = v } else { values.append(.nan); counts.append(v) }
                    }
                    n += 1
                }
                if isValues { valueCount = n } else { countsRead = n }
            } else if try valueScanner.peekKind() == .number {
                let v = try valueScanner.readDouble()
                if key.equals("Max") { maximum = v } else if key.equals("Min") { minimum = v }
                else if key.equals("Count") { count = v } else if key.equals("Sum") { sum = v }
            } else {
                try valueScanner.skipValue()
            }
        }
        if valueCount >= 0 || countsRead >= 0 {
            guard valueCount == countsRead else {
                violate(.metricTarget, path, "member \"\(strings.string(name))\" has \(max(valueCount, 0)) Values but \(max(countsRead, 0)) Counts")
                return false
            }
            if valueCount == 0 || valueCount > 100 {
                violate(.valueCount, path, "member \"\(strings.string(name))\" has \(valueCount) Values (1 to 100)")
                return false
            }
            return true
        }
        guard let maximum, let minimum, let count, let sum else {
            violate(.metricTarget, path, "member \"\(strings.string(name))\" is an object without Values/Counts or Max/Min/Count/Sum")
            return false
        }
        statisticSet = StatisticSet(maximum: maximum, minimum: minimum, sampleCount: count, sum: sum)
        return true
    }

    // MARK: Helpers

    private mutating func violate(_ rule: EMFRule, _ path: String, _ detail: String) {
        violations.append(EMFViolation(rule, path: path, detail: detail, location: location))
    }

    private mutating func violate(_ rule: EMFRule, _ path: EMFPath, _ detail: String) {
        violate(rule, path.description, detail)
    }

    private func directivePath(_ prefix: EMFPath, _ index: Int) -> EMFPath {
        var path = prefix
        path.directive = index
        return path
    }

    private func section(_ path: EMFPath, _ name: StaticString) -> EMFPath {
        var path = path
        path.section = name
        return path
    }

    private func keyPath(_ path: EMFPath, _ key: Int) -> EMFPath {
        var path = path
        path.key = key
        return path
    }

    /// The message from its first `{` (after leading whitespace, or after a Lambda prefix), or `nil`.
    static func objectStart(_ message: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        var i = 0
        let n = message.count
        while i < n, message[i] == 0x20 || message[i] == 0x09 || message[i] == 0x0D || message[i] == 0x0A { i += 1 }
        guard i < n else { return nil }
        if message[i] != UInt8(ascii: "{") {
            guard let brace = memchr(message.baseAddress! + i, Int32(UInt8(ascii: "{")), n - i) else { return nil }
            i = UnsafeRawPointer(brace) - message.baseAddress!
        }
        var end = n
        while end > i, message[end - 1] == 0x20 || message[end - 1] == 0x09 || message[end - 1] == 0x0D || message[end - 1] == 0x0A {
            end -= 1
        }
        return UnsafeRawBufferPointer(rebasing: message[i..<end])
    }

    /// `true` when `haystack` contains `needle`.
    static func contains(_ haystack: UnsafeRawBufferPointer, _ needle: StaticString) -> Bool {
        guard haystack.count >= needle.utf8CodeUnitCount else { return false }
        let base = haystack.baseAddress!
        let first = Int32(needle.utf8Start[0])
        let length = needle.utf8CodeUnitCount
        var i = 0
        let last = haystack.count - length
        while i <= last {
            guard let hit = memchr(base + i, first, last - i + 1) else { return false }
            let at = UnsafeRawPointer(hit) - base
            if memcmp(base + at, needle.utf8Start, length) == 0 { return true }
            i = at + 1
        }
        return false
    }
}
