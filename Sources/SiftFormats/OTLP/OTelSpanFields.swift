import SiftJSON

/// What ``OTelSpanReader`` collects from one span before mapping it to an ``XRayNode``: byte
/// views into the record (or the reader's arena for unescaped strings), integers, and the rank of
/// the semantic convention each value came from (newer conventions rank higher and win).
struct OTelSpanFields {
    var traceID = XRayNode.empty
    var spanID = XRayNode.empty
    var parentSpanID = XRayNode.empty
    var name = XRayNode.empty
    /// `SpanKind`: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer.
    var kind = 0
    var kindSeen = false
    var start: Int64?
    var end: Int64?
    var duration: Int64?
    /// `Status.code`: 0 unset, 1 ok, 2 error.
    var statusCode = 0
    var statusMessage = XRayNode.empty
    /// The first field of a wrong type or impossible value (the span is skipped).
    var invalid: String?

    var method = XRayNode.empty, methodRank: UInt8 = 0
    var route = XRayNode.empty
    var httpStatus: Int?, httpStatusRank: UInt8 = 0
    var url = XRayNode.empty, urlRank: UInt8 = 0
    var clientIP = XRayNode.empty, clientIPRank: UInt8 = 0
    var userAgent = XRayNode.empty, userAgentRank: UInt8 = 0
    var dbSystem = XRayNode.empty, dbSystemRank: UInt8 = 0
    var statement = XRayNode.empty, statementRank: UInt8 = 0
    var dbName = XRayNode.empty, dbNameRank: UInt8 = 0
    var dbUser = XRayNode.empty
    var dbConnectionString = XRayNode.empty
    var host = XRayNode.empty, hostRank: UInt8 = 0
    var port: Int64?, portRank: UInt8 = 0
    var rpcSystem = XRayNode.empty
    var hasAWSService = false
    var user = XRayNode.empty

    /// `metadata` JSON written to the scratch (`{"default":{…attributes…}}`), when built.
    var metadata: Range<Int>?

    /// Whether the kind makes the span a request (a segment): SERVER or CONSUMER.
    var isRequest: Bool { kind == 2 || kind == 5 }
}

/// The resource of the spans being read: `service.name`, `service.version`, and where its
/// attributes were written as plain JSON.
struct OTelResource {
    var service = XRayNode.empty
    var version = XRayNode.empty
    var json: Range<Int>?
}

/// An attribute whose value the mapping reads, by its semantic-convention name. The suffix names
/// the convention generation where two exist (`New` wins over `Old`).
enum OTelAttribute: UInt8 {
    case none
    case methodNew, methodOld, route, statusNew, statusOld
    case urlFull, urlPath, httpURL, httpTarget
    case clientAddress, httpClientIP, netPeerIP, userAgentNew, userAgentOld
    case dbSystemNew, dbSystemOld, dbQueryText, dbStatement, dbNamespace, dbName, dbUser, dbConnectionString
    case serverAddress, netPeerName, serverPort, netPeerPort
    case rpcSystem, awsService, endUser
    case serviceName, serviceVersion
    case exceptionType, exceptionMessage

    /// A span attribute's meaning, by name.
    static func span(_ key: UnsafeRawBufferPointer) -> OTelAttribute {
        switch key.count {
        case 7:
            if key.equals("db.name") { return .dbName }
            if key.equals("db.user") { return .dbUser }
        case 8:
            if key.equals("url.full") { return .urlFull }
            if key.equals("url.path") { return .urlPath }
            if key.equals("http.url") { return .httpURL }
        case 9:
            if key.equals("db.system") { return .dbSystemOld }
        case 10:
            if key.equals("http.route") { return .route }
            if key.equals("rpc.system") { return .rpcSystem }
            if key.equals("enduser.id") { return .endUser }
        case 11:
            if key.equals("http.method") { return .methodOld }
            if key.equals("http.target") { return .httpTarget }
            if key.equals("net.peer.ip") { return .netPeerIP }
            if key.equals("server.port") { return .serverPort }
            if key.equals("aws.service") { return .awsService }
        case 12:
            if key.equals("db.statement") { return .dbStatement }
            if key.equals("db.namespace") { return .dbNamespace }
        case 13:
            if key.equals("db.query.text") { return .dbQueryText }
            if key.equals("net.peer.name") { return .netPeerName }
            if key.equals("net.peer.port") { return .netPeerPort }
        case 14:
            if key.equals("client.address") { return .clientAddress }
            if key.equals("http.client_ip") { return .httpClientIP }
            if key.equals("db.system.name") { return .dbSystemNew }
            if key.equals("server.address") { return .serverAddress }
        case 15:
            if key.equals("http.user_agent") { return .userAgentOld }
        case 16:
            if key.equals("http.status_code") { return .statusOld }
        case 19:
            if key.equals("http.request.method") { return .methodNew }
            if key.equals("user_agent.original") { return .userAgentNew }
        case 20:
            if key.equals("db.connection_string") { return .dbConnectionString }
        case 25:
            if key.equals("http.response.status_code") { return .statusNew }
        default:
            break
        }
        return .none
    }

    /// A resource attribute's meaning.
    static func resource(_ key: UnsafeRawBufferPointer) -> OTelAttribute {
        if key.count == 12, key.equals("service.name") { return .serviceName }
        if key.count == 15, key.equals("service.version") { return .serviceVersion }
        return .none
    }

    /// An event attribute's meaning (`exception` events).
    static func event(_ key: UnsafeRawBufferPointer) -> OTelAttribute {
        if key.count == 14, key.equals("exception.type") { return .exceptionType }
        if key.count == 17, key.equals("exception.message") { return .exceptionMessage }
        return .none
    }
}

/// An attribute value as the mapping reads it.
enum OTelValue {
    case string(UnsafeRawBufferPointer)
    case integer(Int64)
    case other

    /// The value as an integer: integers, and strings of decimal digits (`"200"`).
    var integer: Int64? {
        switch self {
        case .integer(let value): return value
        case .string(let text): return OTelValue.parseInteger(text)
        case .other: return nil
        }
    }

    /// The value as text: strings only.
    var string: UnsafeRawBufferPointer? {
        if case .string(let text) = self, !text.isEmpty { return text }
        return nil
    }

    /// An optionally signed decimal integer without anything else, or `nil`.
    static func parseInteger(_ text: UnsafeRawBufferPointer) -> Int64? {
        guard !text.isEmpty else { return nil }
        var negative = false
        var index = 0
        if text[0] == UInt8(ascii: "-") {
            negative = true
            index = 1
        }
        guard index < text.count, text.count - index <= 19 else { return nil }
        var value: UInt64 = 0
        while index < text.count {
            let digit = text[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value &* 10 &+ UInt64(digit)
            index += 1
        }
        if negative { return value <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- value) : nil }
        return value <= UInt64(Int64.max) ? Int64(value) : nil
    }
}
