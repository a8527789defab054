import Foundation
import Testing
@testable import NubladaEngine

/// The engine's byte-keyed digest lookup: every digest found at its position, the first of
/// duplicates kept, and digests alike at both ends (all `ByteHash` reads of a long string) apart.
@Suite struct DigestIndexTests {
    static func digest(_ middle: Int) -> String {
        "sha256:" + String(repeating: "a", count: 16) + String(format: "%016x", middle) + String(repeating: "b", count: 32)
    }

    @Test func positionsOfManyDigestsAlikeAtBothEnds() {
        let digests = (0..<300).map(Self.digest)
        let index = DigestIndex(digests)
        for (position, digest) in digests.enumerated() {
            #expect(index.position(of: digest) == position)
        }
        #expect(index.position(of: Self.digest(300)) == nil)
        #expect(index.position(of: "") == nil)
        #expect(index.position(of: "sha256:short") == nil)
    }

    @Test func firstOfDuplicatesWins() {
        let index = DigestIndex(["sha256:x", "sha256:y", "sha256:x"])
        #expect(index.position(of: "sha256:x") == 0)
        #expect(index.position(of: "sha256:y") == 1)
        #expect(DigestIndex([]).position(of: "sha256:x") == nil)
    }
}
