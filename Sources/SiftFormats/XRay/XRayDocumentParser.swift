import SiftJSON

/// Parses one X-Ray segment document into a flat list of borrowed ``XRayNode`` views: the
/// document's root first, then every nested subsegment in document order.
///
/// Reusable: one parser per worker parses every document of its input without allocating in
/// steady state. Strings without escapes are slices of the document; strings with escapes are
/// unescaped into an arena sized to the document (unescaped text is never longer than its
/// source, so the arena never moves while a document is parsed).
///
/// ```swift
/// var parser = XRayDocumentParser()
/// try parser.parse(lineBytes)
/// for node in parser.nodes where node.isSegment { ... }
/// ```
public struct XRayDocumentParser {
    /// The nodes of the last parsed document: root first, then nested subsegments in order.
    public private(set) var nodes: [XRayNode] = []
    /// When `false`, `subsegments` arrays are skipped (faster when only segments matter): only
    /// their structure is checked (balanced brackets, terminated strings), not their contents.
    public var includeSubsegments: Bool
    /// When `true`, nested subsegments keep only what SQL statistics read (`trace_id`,
    /// `start_time`, `end_time`, `in_progress`, `fault`, `error`, `sql`, `subsegments`); their
    /// other fields are validated and skipped, and stay empty in ``nodes``. The root is always
    /// read in full.
    public var readsOnlySQLFieldsOfSubsegments: Bool

    private var scanner = JSONScanner(UnsafeRawBufferPointer(start: nil, count: 0))
    private var document = XRayNode.empty
    private var arena = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    private var arenaUsed = 0

    /// Creates a parser.
    /// - Parameters:
    ///   - includeSubsegments: whether nested subsegments become nodes.
    ///   - readsOnlySQLFieldsOfSubsegments: whether nested subsegments keep only SQL fields.
    public init(includeSubsegments: Bool = true, readsOnlySQLFieldsOfSubsegments: Bool = false) {
        self.includeSubsegments = includeSubsegments
        self.readsOnlySQLFieldsOfSubsegments = readsOnlySQLFieldsOfSubsegments
        nodes.reserveCapacity(64)
    }

    /// Releases the arena. The parser must not be used afterwards.
    public mutating func deallocate() {
        arena.deallocate()
        arena = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    }

    /// Parses one document.
    ///
    /// - Parameter bytes: the document's JSON; it must stay alive while ``nodes`` are read.
    /// - Throws: `JSONScanError` when the JSON is invalid or the document is not an object.
    /// - Complexity: O(n) in the document's length.
    public mutating func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONScanError) {
        nodes.removeAll(keepingCapacity: true)
        document = bytes
        if arena.count < bytes.count {
            arena.deallocate()
            arena = .allocate(byteCount: max(bytes.count, 4096), alignment: 1)
        }
        arenaUsed = 0
        scanner.reset(bytes)
        try parseNode(parentIndex: XRayNode.noParent, depth: 0)
        try scanner.expectEnd()
        // Embedded subsegments usually omit trace_id: they belong to the root's trace.
        let rootTrace = nodes[0].traceID
        for i in nodes.indices.dropFirst() where nodes[i].traceID.isEmpty { nodes[i].traceID = rootTrace }
    }

    // MARK: Nodes

    private mutating func parseNode(parentIndex: Int, depth: Int) throws(JSONScanError) {
        // Fields are written in place: a node is about 600 bytes, too big to build and copy.
        let index = nodes.count
        nodes.append(XRayNode())
        nodes[index].parentIndex = parentIndex
        nodes[index].depth = depth
        let sqlFieldsOnly = readsOnlySQLFieldsOfSubsegments && depth > 0
        try scanner.beginObject()
        while let key = try scanner.nextKey() {
            if sqlFieldsOnly, !XRayDocumentParser.isSQLField(key) {
                try scanner.skipValue()
                continue
            }
            guard let kind = try valueKind() else { continue }
            switch key.count {
            case 2 where key.equals("id"): nodes[index].id = try string(kind)
            case 4 where key.equals("name"): nodes[index].name = try string(kind)
            case 4 where key.equals("type"): nodes[index].type = try string(kind)
            case 4 where key.equals("http"): try parseHTTP(index, kind)
            case 3 where key.equals("sql"): try parseSQL(index, kind)
            case 3 where key.equals("aws"): nodes[index].awsJSON = try scanner.rawValue()
            case 4 where key.equals("user"): nodes[index].user = try string(kind)
            case 5 where key.equals("error"): nodes[index].error = try bool(kind)
            case 5 where key.equals("fault"): nodes[index].fault = try bool(kind)
            case 5 where key.equals("cause"): nodes[index].causeJSON = try scanner.rawValue()
            case 6 where key.equals("origin"): nodes[index].origin = try string(kind)
            case 7 where key.equals("service"): nodes[index].serviceJSON = try scanner.rawValue()
            case 8 where key.equals("trace_id"): nodes[index].traceID = try string(kind)
            case 8 where key.equals("throttle"): nodes[index].throttle = try bool(kind)
            case 8 where key.equals("end_time"): (nodes[index].endTime, nodes[index].endTimeText) = try number(kind)
            case 8 where key.equals("metadata"): nodes[index].metadataJSON = try scanner.rawValue()
            case 9 where key.equals("parent_id"): nodes[index].parentID = try string(kind)
            case 9 where key.equals("namespace"): nodes[index].namespace = try string(kind)
            case 10 where key.equals("start_time"): (nodes[index].startTime, nodes[index].startTimeText) = try number(kind)
            case 11 where key.equals("in_progress"): nodes[index].inProgress = try bool(kind)
            case 11 where key.equals("annotations"): try parseAnnotations(index, kind)
            case 11 where key.equals("subsegments"):
                if includeSubsegments, kind == .array {
                    try scanner.beginArray()
                    while try scanner.nextElement() {
                        if try scanner.peekKind() == .object {
                            try parseNode(parentIndex: index, depth: depth + 1)
                        } else {
                            try scanner.skipValue()
                        }
                    }
                } else if includeSubsegments {
                    try scanner.skipValue()
                } else {
                    // Ignored subsegments: structure only (see `includeSubsegments`).
                    try scanner.skipValueStructure()
                }
            default: try scanner.skipValue()
            }
        }
    }

    /// Whether a node field is read when only SQL fields are wanted.
    private static func isSQLField(_ key: UnsafeRawBufferPointer) -> Bool {
        switch key.count {
        case 3: key.equals("sql")
        case 5: key.equals("fault") || key.equals("error")
        case 8: key.equals("end_time") || key.equals("trace_id")
        case 10: key.equals("start_time")
        case 11: key.equals("subsegments") || key.equals("in_progress")
        default: false
        }
    }

    private mutating func parseHTTP(_ index: Int, _ kind: JSONKind) throws(JSONScanError) {
        guard kind == .object else { return try scanner.skipValue() }
        nodes[index].hasHTTP = true
        try scanner.beginObject()
        while let key = try scanner.nextKey() {
            guard let kind = try valueKind() else { continue }
            if key.equals("request"), kind == .object {
                try scanner.beginObject()
                while let field = try scanner.nextKey() {
            guard let kind = try valueKind() else { continue }
                    if field.equals("method") {
                        nodes[index].httpMethod = try string(kind)
                    } else if field.equals("url") {
                        nodes[index].httpURL = try string(kind)
                    } else if field.equals("client_ip") {
                        nodes[index].httpClientIP = try string(kind)
                    } else if field.equals("user_agent") {
                        nodes[index].httpUserAgent = try string(kind)
                    } else if field.equals("x_forwarded_for") {
                        nodes[index].httpXForwardedFor = try bool(kind)
                    } else if field.equals("traced") {
                        nodes[index].httpTraced = try bool(kind)
                    } else {
                        try scanner.skipValue()
                    }
                }
            } else if key.equals("response"), kind == .object {
                try scanner.beginObject()
                while let field = try scanner.nextKey() {
            guard let kind = try valueKind() else { continue }
                    if field.equals("status") {
                        nodes[index].httpStatus = try integer(kind)
                    } else if field.equals("content_length") {
                        nodes[index].httpContentLength = try scanner.rawValue()
                    } else {
                        try scanner.skipValue()
                    }
                }
            } else {
                try scanner.skipValue()
            }
        }
    }

    private mutating func parseSQL(_ index: Int, _ kind: JSONKind) throws(JSONScanError) {
        guard kind == .object else { return try scanner.skipValue() }
        nodes[index].hasSQL = true
        try scanner.beginObject()
        while let key = try scanner.nextKey() {
            guard let kind = try valueKind() else { continue }
            if key.equals("sanitized_query") {
                nodes[index].sqlQuery = try string(kind)
            } else if key.equals("url") {
                nodes[index].sqlURL = try string(kind)
            } else if key.equals("database_type") {
                nodes[index].sqlDatabaseType = try string(kind)
            } else if key.equals("database_version") {
                nodes[index].sqlDatabaseVersion = try string(kind)
            } else if key.equals("driver_version") {
                nodes[index].sqlDriverVersion = try string(kind)
            } else if key.equals("user") {
                nodes[index].sqlUser = try string(kind)
            } else if key.equals("preparation") {
                nodes[index].sqlPreparation = try string(kind)
            } else if key.equals("connection_string") {
                nodes[index].sqlConnectionString = try string(kind)
            } else {
                try scanner.skipValue()
            }
        }
    }

    private mutating func parseAnnotations(_ index: Int, _ kind: JSONKind) throws(JSONScanError) {
        guard kind == .object else { return try scanner.skipValue() }
        var start = scanner.offset
        while document[start] <= 0x20 { start += 1 }
        try scanner.beginObject()
        while let key = try scanner.nextKey() {
            if nodes[index].routeAnnotation.isEmpty,
                key.equals("route") || key.equals("http_route") || key.equals("http.route"),
                try scanner.peekKind() == .string
            {
                nodes[index].routeAnnotation = try string(.string)
            } else {
                try scanner.skipValue()
            }
        }
        nodes[index].annotationsJSON = UnsafeRawBufferPointer(rebasing: document[start..<scanner.offset])
    }

    // MARK: Values

    /// The kind of the member value at hand, or `nil` after skipping it when it is `null` (SDKs
    /// write `null` for absent fields).
    @inline(__always)
    private mutating func valueKind() throws(JSONScanError) -> JSONKind? {
        let kind = try scanner.peekKind()
        if kind != .null { return kind }
        try scanner.skipValue()
        return nil
    }

    /// A string value as a slice that stays valid for the whole document; other types are skipped.
    /// `kind` is the value's kind, already peeked.
    private mutating func string(_ kind: JSONKind) throws(JSONScanError) -> UnsafeRawBufferPointer {
        guard kind == .string else {
            try scanner.skipValue()
            return XRayNode.empty
        }
        let bytes = try scanner.readStringBytes()
        guard let base = bytes.baseAddress, let docBase = document.baseAddress else { return bytes }
        if base >= docBase && base + bytes.count <= docBase + document.count { return bytes }
        // Unescaped into the scanner's scratch: move it to the arena, which outlives the call.
        let destination = arena.baseAddress! + arenaUsed
        destination.copyMemory(from: base, byteCount: bytes.count)
        arenaUsed += bytes.count
        return UnsafeRawBufferPointer(start: destination, count: bytes.count)
    }

    private mutating func bool(_ kind: JSONKind) throws(JSONScanError) -> Bool {
        guard kind == .bool else {
            try scanner.skipValue()
            return false
        }
        return try scanner.readBool()
    }

    private mutating func number(_ kind: JSONKind) throws(JSONScanError) -> (Double?, UnsafeRawBufferPointer) {
        guard kind == .number else {
            try scanner.skipValue()
            return (nil, XRayNode.empty)
        }
        var start = scanner.offset
        let value = try scanner.readDouble()
        while start < scanner.offset, document[start] <= 0x20 { start += 1 }
        return (value, UnsafeRawBufferPointer(rebasing: document[start..<scanner.offset]))
    }

    private mutating func integer(_ kind: JSONKind) throws(JSONScanError) -> Int? {
        switch kind {
        case .number:
            let value = try scanner.readDouble()
            return value.isFinite && abs(value) < 1e15 ? Int(value) : nil
        case .string:
            let text = try scanner.readStringBytes()
            var value = 0
            for byte in text {
                guard byte >= 0x30 && byte <= 0x39, value < 1_000_000_000 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return text.isEmpty ? nil : value
        default:
            try scanner.skipValue()
            return nil
        }
    }
}
