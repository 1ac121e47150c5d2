/// IPv4 and IPv6 address parsing and CIDR membership for the IP functions.
enum IPAddress {
    /// The address bytes (4 or 16), or `nil` when `text` is not a valid address.
    static func parse(_ text: String) -> [UInt8]? {
        if text.contains(":") { return parseV6(Substring(text)) }
        return parseV4(Substring(text))
    }

    static func parseV4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCIIDigit), let v = UInt8(part),
                  part.count == 1 || part.first != "0" else { return nil }
            bytes.append(v)
        }
        return bytes
    }

    static func parseV6(_ text: Substring) -> [UInt8]? {
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ s: Substring) -> [UInt8]? {
            if s.isEmpty { return [] }
            var out: [UInt8] = []
            let parts = s.split(separator: ":", omittingEmptySubsequences: false)
            for (i, part) in parts.enumerated() {
                if i == parts.count - 1, part.contains(".") {
                    guard let v4 = parseV4(part) else { return nil }
                    out += v4
                    continue
                }
                guard (1...4).contains(part.count), let v = UInt16(part, radix: 16) else { return nil }
                out += [UInt8(v >> 8), UInt8(v & 0xFF)]
            }
            return out
        }
        guard let head = groups(halves[0]) else { return nil }
        if halves.count == 1 { return head.count == 16 ? head : nil }
        guard let tail = groups(halves[1]), head.count + tail.count < 16 else { return nil }
        return head + Array(repeating: 0, count: 16 - head.count - tail.count) + tail
    }

    /// Whether `ip` lies in the CIDR block `subnet`; `family` 4 or 16 restricts the address family (0: either).
    static func isInSubnet(_ ip: String, _ subnet: String, family: Int) -> Bool {
        let parts = subnet.split(separator: "/", maxSplits: 1)
        guard let address = parse(ip), let network = parse(String(parts[0])), address.count == network.count else { return false }
        if family != 0 && address.count != family { return false }
        let prefix = parts.count == 2 ? Int(parts[1]) ?? -1 : address.count * 8
        guard prefix >= 0 && prefix <= address.count * 8 else { return false }
        for bit in 0..<prefix {
            let mask = UInt8(0x80) >> UInt8(bit % 8)
            if address[bit / 8] & mask != network[bit / 8] & mask { return false }
        }
        return true
    }
}

extension Substring {
    func components(separatedBy separator: String) -> [Substring] {
        var out: [Substring] = []
        var rest = self[...]
        while let range = rest.firstRange(of: separator) {
            out.append(rest[..<range.lowerBound])
            rest = rest[range.upperBound...]
        }
        out.append(rest)
        return out
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
