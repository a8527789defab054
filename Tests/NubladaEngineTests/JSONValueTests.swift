import Foundation
import Testing
@testable import NubladaEngine

/// The snapshot's JSON writer (bytes, runs copied whole): escapes, key order and layout.
@Suite struct JSONValueTests {
    @Test func escapesOnlyWhatJSONRequires() {
        let value = JSONValue.string("a\"b\\c\nd\re\tf\u{1B}g\u{0}h\u{7F}é😀/")
        #expect(value.serialized() == #""a\"b\\c\nd\re\tf\u001bg\u0000h\#u{7F}é😀/""#)
    }

    @Test(arguments: ["", "plain", "\"", "\\\\", "\u{1F}x", "x\u{1F}", "ünïcødé \u{8} \u{C}", String(repeating: "ab\"", count: 1000)])
    func roundTripsThroughFoundation(_ text: String) throws {
        let bytes = Data(JSONValue.array([.string(text)]).serializedBytes(indent: nil))
        let parsed = try JSONSerialization.jsonObject(with: bytes) as? [String]
        #expect(parsed == [text])
    }

    @Test func keysByCodePointAndLayout() {
        let value = JSONValue.object(["b": .int(-1), "B": .null, "a": .array([.bool(true), .object([:]), .array([])])])
        #expect(value.serialized(indent: nil) == #"{"B":null,"a":[true,{},[]],"b":-1}"#)
        #expect(value.serialized() == """
            {
              "B": null,
              "a": [
                true,
                {},
                []
              ],
              "b": -1
            }
            """)
    }

    /// An array long enough to be written in two halves on two cores, inside an object, with
    /// strings to escape: the same text as written element by element, whole or in pieces.
    @Test(arguments: [nil, 2] as [Int?])
    func longArraysWrittenInHalves(indent: Int?) throws {
        let count = JSONValue.splitLength * 2 + 1
        let items = (0..<count).map { JSONValue.object(["n": .int($0), "s": .string("node-\($0)\"\\\n")]) }
        let value = JSONValue.object(["list": .array(items), "after": .bool(true)])
        let newline = indent == nil ? "" : "\n", pad = { String(repeating: " ", count: (indent ?? 0) * $0) }
        let separator = indent == nil ? ":" : ": "
        let elements = (0..<count).map { index in
            newline + pad(2) + "{" + newline + pad(3) + "\"n\"" + separator + "\(index)," + newline + pad(3) + "\"s\"" + separator
                + "\"node-\(index)\\\"\\\\\\n\"" + newline + pad(2) + "}"
        }
        let expected = "{" + newline + pad(1) + "\"after\"" + separator + "true," + newline + pad(1) + "\"list\"" + separator + "["
            + elements.joined(separator: ",") + newline + pad(1) + "]" + newline + "}"
        #expect(String(decoding: value.serializedBytes(indent: indent), as: UTF8.self) == expected)
        var pieces: [[UInt8]] = []
        value.write(indent: indent, bufferSize: 4096) { pieces.append(Array($0)) }
        #expect(pieces.count > 10 && pieces.allSatisfy { !$0.isEmpty })
        #expect(String(decoding: pieces.joined(), as: UTF8.self) == expected)
        let parsed = try JSONSerialization.jsonObject(with: Data(pieces.joined())) as? [String: Any]
        #expect((parsed?["list"] as? [Any])?.count == count)
    }

    /// Every byte at every place of a word of plain letters: marked exactly when JSON must
    /// escape it (the decoder and the writer skip eight bytes at a time on this).
    @Test func escapeBitsFindEveryByteToEscape() {
        for byte in 0...255 {
            for place in 0..<8 {
                var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 8)
                bytes[place] = UInt8(byte)
                let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                let mustEscape = byte < 0x20 || byte == 0x22 || byte == 0x5C
                #expect((JSONBytes.escapeBits(word) != 0) == mustEscape, "byte \(byte) at \(place)")
            }
        }
    }
}
