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
}
