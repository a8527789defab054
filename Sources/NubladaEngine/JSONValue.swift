/// A JSON document, serialized with sorted keys so that output is stable and diffable.
public enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
    public static func optional(_ number: Int?) -> JSONValue { number.map(JSONValue.int) ?? .null }
    public static func strings(_ list: [String]) -> JSONValue { .array(list.map(JSONValue.string)) }

    /// The serialized text; `indent` spaces per level, or compact when nil.
    public func serialized(indent: Int? = 2) -> String {
        String(decoding: serializedBytes(indent: indent), as: UTF8.self)
    }

    /// The serialized text as UTF-8 bytes (written byte-wise: a 10,000-node snapshot is megabytes).
    public func serializedBytes(indent: Int? = 2) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(into: &out, indent: indent, level: 0)
        return out
    }

    private func write(into out: inout [UInt8], indent: Int?, level: Int) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .int(let value): out.append(contentsOf: String(value).utf8)
        case .string(let value): JSONValue.writeString(value, into: &out)
        case .array(let items):
            if items.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(UInt8(ascii: "["))
            items.withUnsafeBufferPointer { items in
                for index in items.indices {
                    if index > 0 { out.append(UInt8(ascii: ",")) }
                    JSONValue.newline(into: &out, indent: indent, depth: level + 1)
                    items[index].write(into: &out, indent: indent, level: level + 1)
                }
            }
            JSONValue.newline(into: &out, indent: indent, depth: level)
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            if members.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            // Sorted (key, value) pairs: no lookup per key (10,000 node objects in a snapshot).
            let sorted = members.sorted { compareCodePoints($0.key, $1.key) < 0 }
            sorted.withUnsafeBufferPointer { pairs in
                for index in pairs.indices {
                    if index > 0 { out.append(UInt8(ascii: ",")) }
                    JSONValue.newline(into: &out, indent: indent, depth: level + 1)
                    JSONValue.writeString(pairs[index].key, into: &out)
                    if indent == nil { out.append(UInt8(ascii: ":")) } else { out.append(contentsOf: ": ".utf8) }
                    pairs[index].value.write(into: &out, indent: indent, level: level + 1)
                }
            }
            JSONValue.newline(into: &out, indent: indent, depth: level)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// A line break and `depth` levels of indentation (none when compact).
    @inline(__always) private static func newline(into out: inout [UInt8], indent: Int?, depth: Int) {
        guard let indent else { return }
        out.append(UInt8(ascii: "\n"))
        var count = indent * depth
        while count > 0 {
            let chunk = min(count, spaces.count)
            spaces.withUnsafeBufferPointer { out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[..<chunk])) }
            count -= chunk
        }
    }

    private static let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 64)

    /// Whether a byte must be escaped in a JSON string: a control character, `"` or `\`.
    @inline(__always) private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    /// A string in quotes: runs of bytes that need no escape are copied whole (UTF-8 above
    /// ASCII is written as it is).
    private static func writeString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var run = 0
            for index in bytes.indices where needsEscape(bytes[index]) {
                let byte = bytes[index]
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
                run = index + 1
                switch byte {
                case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
                case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
                case UInt8(ascii: "\n"): out.append(contentsOf: #"\n"#.utf8)
                case UInt8(ascii: "\r"): out.append(contentsOf: #"\r"#.utf8)
                case UInt8(ascii: "\t"): out.append(contentsOf: #"\t"#.utf8)
                default:
                    let hex = String(byte, radix: 16)
                    out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...]))
        }
        out.append(UInt8(ascii: "\""))
    }
}
