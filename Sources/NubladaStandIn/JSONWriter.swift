import NubladaEngine

/// The stand-in's JSON documents: members, fields and string lists written on the engine's
/// `JSONByteWriter`, so the project escapes JSON strings in one place.
struct JSONWriter: ~Copyable {
    private var writer: JSONByteWriter

    init(capacity: Int = 256) { writer = JSONByteWriter(capacity: capacity) }

    /// The bytes written.
    var bytes: [UInt8] { writer.written }

    mutating func raw(_ text: String) { writer.append(text) }
    mutating func raw(_ data: [UInt8]) { data.withUnsafeBufferPointer { writer.append($0) } }

    /// A JSON string literal.
    mutating func string(_ text: String) { writer.appendQuoted(text) }

    /// `"key":` (with a leading comma unless `first`).
    mutating func key(_ name: String, first: Bool = false) {
        if !first { writer.append(UInt8(ascii: ",")) }
        writer.appendQuoted(name)
        writer.append(UInt8(ascii: ":"))
    }

    mutating func field(_ name: String, _ value: String, first: Bool = false) {
        key(name, first: first)
        writer.appendQuoted(value)
    }

    mutating func field(_ name: String, _ value: Int, first: Bool = false) {
        key(name, first: first)
        writer.append(String(value))
    }

    mutating func field(_ name: String, _ value: Bool, first: Bool = false) {
        key(name, first: first)
        writer.append(value ? "true" : "false")
    }

    /// An array of strings.
    mutating func strings(_ list: [String]) {
        writer.append(UInt8(ascii: "["))
        for (index, item) in list.enumerated() {
            if index > 0 { writer.append(UInt8(ascii: ",")) }
            writer.appendQuoted(item)
        }
        writer.append(UInt8(ascii: "]"))
    }

    /// An object of string values, keys sorted.
    mutating func stringMap(_ map: [String: String]) {
        writer.append(UInt8(ascii: "{"))
        for (index, key) in map.keys.sorted().enumerated() {
            field(key, map[key]!, first: index == 0)
        }
        writer.append(UInt8(ascii: "}"))
    }
}
