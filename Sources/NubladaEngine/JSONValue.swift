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
    public func serialized(indent: Int? = 2, parallelism: Parallelism = .sequential) -> String {
        String(decoding: serializedBytes(indent: indent, parallelism: parallelism), as: UTF8.self)
    }

    /// The serialized text as UTF-8 bytes (a 10,000-node snapshot is megabytes: its largest
    /// array is written in two halves, on two cores when `parallelism` gives them).
    public func serializedBytes(indent: Int? = 2, parallelism: Parallelism = .sequential) -> [UInt8] {
        var out = JSONByteWriter()
        write(into: &out, indent: indent, level: 0, split: parallelism)
        return out.bytes()
    }

    /// Writes the serialized text to `sink` in pieces of about a megabyte, in order (the
    /// snapshot's output: written as it is made, never whole in memory).
    public func write(indent: Int? = 2, bufferSize: Int = 1 << 20, parallelism: Parallelism = .sequential,
                      to sink: (UnsafeBufferPointer<UInt8>) -> Void) {
        withoutActuallyEscaping(sink) { sink in
            var out = JSONByteWriter(bufferSize: bufferSize, sink: sink)
            write(into: &out, indent: indent, level: 0, split: parallelism)
            out.flush()
        }
    }

    /// Arrays this long are written in two halves at once, by `split` (nil: not split, inside a half).
    static let splitLength = 4096

    private func write(into out: inout JSONByteWriter, indent: Int?, level: Int, split: Parallelism?) {
        switch self {
        case .null: out.append("null")
        case .bool(let value): out.append(value ? "true" : "false")
        case .int(let value): out.append(String(value))
        case .string(let value): out.appendQuoted(value)
        case .array(let items):
            if items.isEmpty { out.append("[]"); return }
            out.append(UInt8(ascii: "["))
            if let split, items.count >= Self.splitLength {
                // The second half into a buffer of its own on another core; inside, nothing is split again.
                let middle = items.count / 2, later = items[middle...]
                let (_, laterBytes) = split.both({
                    Self.writeElements(items[..<middle], into: &out, indent: indent, level: level, split: nil)
                }, {
                    var second = JSONByteWriter()
                    Self.writeElements(later, into: &second, indent: indent, level: level, split: nil)
                    return second.bytes()
                })
                laterBytes.withUnsafeBufferPointer { out.append($0) }
            } else {
                Self.writeElements(items[...], into: &out, indent: indent, level: level, split: split)
            }
            JSONValue.newline(into: &out, indent: indent, depth: level)
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            if members.isEmpty { out.append("{}"); return }
            out.append(UInt8(ascii: "{"))
            // Sorted (key, value) pairs: no lookup per key (10,000 node objects in a snapshot).
            let sorted = members.sorted { compareCodePoints($0.key, $1.key) < 0 }
            sorted.withUnsafeBufferPointer { pairs in
                for index in pairs.indices {
                    if index > 0 { out.append(UInt8(ascii: ",")) }
                    JSONValue.newline(into: &out, indent: indent, depth: level + 1)
                    out.appendQuoted(pairs[index].key)
                    out.append(indent == nil ? ":" : ": ")
                    pairs[index].value.write(into: &out, indent: indent, level: level + 1, split: split)
                }
            }
            JSONValue.newline(into: &out, indent: indent, depth: level)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// An array's elements, each after a comma unless it is the array's first.
    private static func writeElements(_ items: ArraySlice<JSONValue>, into out: inout JSONByteWriter, indent: Int?, level: Int,
                                      split: Parallelism?) {
        items.withUnsafeBufferPointer { elements in
            for offset in elements.indices {
                if offset > 0 || items.startIndex > 0 { out.append(UInt8(ascii: ",")) }
                JSONValue.newline(into: &out, indent: indent, depth: level + 1)
                elements[offset].write(into: &out, indent: indent, level: level + 1, split: split)
            }
        }
    }

    /// A line break and `depth` levels of indentation (none when compact).
    @inline(__always) private static func newline(into out: inout JSONByteWriter, indent: Int?, depth: Int) {
        guard let indent else { return }
        out.append(UInt8(ascii: "\n"))
        out.appendSpaces(indent * depth)
    }
}
