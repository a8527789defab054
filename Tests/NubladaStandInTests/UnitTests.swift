import Foundation
import Testing
@testable import NubladaStandIn

@Suite("Parsing and encoding")
struct UnitTests {
    @Test("label selector grammar")
    func selectorGrammar() throws {
        let labels = ["a": "1", "b": "2"]
        #expect(try LabelSelector(parsing: "").matches(labels))
        #expect(try LabelSelector(parsing: "a=1,b==2").matches(labels))
        #expect(try !LabelSelector(parsing: "a=1,b!=2").matches(labels))
        #expect(try LabelSelector(parsing: "c!=3").matches(labels))
        #expect(try LabelSelector(parsing: " a , !c ").matches(labels))
        #expect(try !LabelSelector(parsing: "!a").matches(labels))
        #expect(try LabelSelector(parsing: "a in (1, 3)").matches(labels))
        #expect(try LabelSelector(parsing: "c notin (1)").matches(labels))
        #expect(try LabelSelector(parsing: "example.com/x=y").requirements == [.equals("example.com/x", "y")])
        #expect(throws: LabelSelector.ParseError.self) { try LabelSelector(parsing: "=1") }
        #expect(throws: LabelSelector.ParseError.self) { try LabelSelector(parsing: "a=1,") }
        #expect(throws: LabelSelector.ParseError.self) { try LabelSelector(parsing: "a=-bad-") }
        #expect(throws: LabelSelector.ParseError.self) { try LabelSelector(parsing: "a in 1") }
    }

    @Test("continue tokens are the apiserver's base64 JSON")
    func continueTokens() throws {
        let token = ContinueToken(resourceVersion: 42, after: "node-3")
        #expect(!token.encoded.contains("=") && !token.encoded.contains("+") && !token.encoded.contains("/"))
        let decoded = try #require(Base64URL.decode(token.encoded))
        let object = try #require(try JSONSerialization.jsonObject(with: decoded) as? [String: Any])
        #expect(object["v"] as? String == "meta.k8s.io/v1")
        #expect(object["rv"] as? Int == 42)
        #expect(object["start"] as? String == "node-3\u{0}")
        #expect(ContinueToken(encoded: token.encoded) == token)
        #expect(ContinueToken(encoded: "%%%") == nil)
    }

    @Test("timestamps")
    func timestamps() {
        #expect(Timestamps.rfc3339(0) == "1970-01-01T00:00:00Z")
        #expect(Timestamps.rfc3339(1_700_000_000.25, fractionDigits: 6) == "2023-11-14T22:13:20.250000Z")
        #expect(Timestamps.rfc3339(951_782_400) == "2000-02-29T00:00:00Z")
    }

    @Test("the raw scanner keeps items byte for byte and rejects broken documents")
    func scanner() throws {
        let document = Array(#"{"a": {"items": 1}, "items": [ {"x": "]}\"" , "y": [1, {}]}, 2 ], "z": null}"#.utf8)
        let ranges = try #require(try RawJSONScanner.elements(of: "items", in: document))
        #expect(ranges.map { String(decoding: RawJSONScanner.compact(document[$0]), as: UTF8.self) }
            == [#"{"x":"]}\"","y":[1,{}]}"#, "2"])
        #expect(try RawJSONScanner.elements(of: "missing", in: document) == nil)
        #expect(throws: (any Error).self) { try RawJSONScanner.elements(of: "items", in: Array(#"{"items": [{"#.utf8)) }
    }
}
