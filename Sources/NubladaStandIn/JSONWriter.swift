/// Appends compact JSON to a byte array, for building documents without Foundation's
/// serializer (fast enough for thousands of nodes).
struct JSONWriter {
    var bytes: [UInt8] = []

    init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }
    mutating func raw(_ data: [UInt8]) { bytes.append(contentsOf: data) }

    /// A JSON string literal.
    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            bytes.append(contentsOf: text.utf8)
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                raw("\\u00")
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// `"key":` (with a leading comma unless `first`).
    mutating func key(_ name: String, first: Bool = false) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        string(name)
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func field(_ name: String, _ value: String, first: Bool = false) {
        key(name, first: first)
        string(value)
    }

    mutating func field(_ name: String, _ value: Int, first: Bool = false) {
        key(name, first: first)
        raw(String(value))
    }

    mutating func field(_ name: String, _ value: Bool, first: Bool = false) {
        key(name, first: first)
        raw(value ? "true" : "false")
    }

    /// An array of strings.
    mutating func strings(_ list: [String]) {
        bytes.append(UInt8(ascii: "["))
        for (index, item) in list.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            string(item)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// An object of string values, keys sorted.
    mutating func stringMap(_ map: [String: String]) {
        bytes.append(UInt8(ascii: "{"))
        for (index, key) in map.keys.sorted().enumerated() {
            field(key, map[key]!, first: index == 0)
        }
        bytes.append(UInt8(ascii: "}"))
    }
}
