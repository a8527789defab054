import Foundation
import Testing

/// The mutation engine and the regression file: the same seed gives the same inputs, every
/// class of hostile input the fuzz tests promise is produced, and a kept input is replayed.
@Suite struct MutatorTests {
    static let seed = Array(#"{"items": [{"name": "a", "size": 12, "tags": ["x", "y"]}], "next": null}"#.utf8)

    /// The default seed whatever the environment says: these expectations are about one known run.
    static let standard = FuzzSettings.fromEnvironment([:])

    static func inputs(count: Int, settings: FuzzSettings = standard) -> [[UInt8]] {
        let mutator = Mutator(seeds: [seed], syntax: .json, words: [#""items""#], maximumSize: 64 * 1024)
        return (0..<count).map { iteration in
            var random = settings.random(target: "mutator-test", iteration: iteration)
            return mutator.input(&random)
        }
    }

    @Test func sameSeedSameInputs() {
        #expect(Self.inputs(count: 200) == Self.inputs(count: 200))
        let other = FuzzSettings(seed: FuzzSettings.defaultSeed + 1, iterationsOverride: nil, verbose: false, hangSeconds: 1,
                                 memoryHeadroomBytes: 0)
        #expect(Self.inputs(count: 200) != Self.inputs(count: 200, settings: other))
    }

    @Test func producesEveryClassOfHostileInput() {
        let inputs = Self.inputs(count: 2000)
        let texts = inputs.map { String(decoding: $0, as: UTF8.self) }
        func depth(_ input: [UInt8]) -> Int {
            var depth = 0, deepest = 0
            for byte in input {
                if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") { depth += 1; deepest = max(deepest, depth) }
                if byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") { depth -= 1 }
            }
            return deepest
        }
        #expect(inputs.allSatisfy { $0.count <= 64 * 1024 })
        #expect(inputs.contains { String(validating: $0, as: UTF8.self) == nil }, "invalid UTF-8")
        #expect(inputs.contains { $0.contains(0) }, "NUL bytes")
        #expect(inputs.contains { depth($0) >= 5000 }, "deep nesting")
        #expect(inputs.contains { $0.count < Self.seed.count && Self.seed.starts(with: $0) }, "truncation")
        #expect(inputs.contains { $0.count > 16 * 1024 }, "long runs")
        for number in ["1e400", "99999999999999999999", "-0", "NaN"] {
            #expect(texts.contains { $0.contains(number) }, "\(number)")
        }
        for swapped in [#": "text""#, ": {}", ": []", ": true", #": ["a",1,null]"#] {
            #expect(texts.contains { $0.contains(swapped) }, "\(swapped)")
        }
    }

    @Test func keptInputsAreReplayed() throws {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory() + "nubladash-fuzz-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let cases = RegressionCases(target: "example", directory: folder)
        let odd: [UInt8] = [0xFF, 0x00, 0x0A, UInt8(ascii: "#")]
        #expect(cases.keep(odd, because: "two\nlines"))
        #expect(cases.keep([], because: "empty"))
        #expect(cases.keep(odd, because: "again"))
        #expect(cases.inputs == [odd, []])
    }
}
