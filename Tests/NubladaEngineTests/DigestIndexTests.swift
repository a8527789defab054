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

    /// Node images are found by their digest's bits when it has the usual form, by its string
    /// otherwise: every way of spelling a digest finds exactly the listing's equal string.
    @Test func nodeImagesByBitsOrString() {
        let plain = Self.digest(7), upper = "sha256:" + String(repeating: "AB", count: 32), zero = "sha256:" + String(repeating: "0", count: 64)
        let digests = [plain, upper, zero, "sha512:" + String(repeating: "c", count: 128), "sha256:x", Self.digest(8), plain]
        let index = DigestIndex(digests)
        func image(_ digest: String) -> NodeImage { NodeImage(names: ["r.example/lab@" + digest], sizeBytes: nil) }
        for (position, digest) in digests.enumerated().dropLast() {
            #expect(image(digest).digest == digest)
            #expect(index.position(of: image(digest)) == position, "\(digest)")
        }
        #expect(!image(plain).digestBits.isNone && image(upper).digestBits.isNone && image(zero).digestBits.isNone)
        #expect(index.position(of: image(Self.digest(9))) == nil)
        #expect(index.position(of: image(upper.lowercased())) == nil)  // another string, though the same bytes
        #expect(index.position(of: NodeImage(names: ["r.example/lab:w_1"], sizeBytes: nil)) == nil)
    }

    /// The bits are the digest's 32 bytes: equal exactly when the strings are, none for any
    /// other spelling.
    @Test func digestBits() {
        #expect(DigestBits(Self.digest(1)) == DigestBits(Self.digest(1)))
        #expect(DigestBits(Self.digest(1)) != DigestBits(Self.digest(2)))
        let ones = DigestBits("sha256:" + String(repeating: "0", count: 63) + "1")
        #expect(ones.words == (0, 0, 0, 1))
        let full = DigestBits("sha256:" + String(repeating: "f", count: 64))
        #expect(full.words == (.max, .max, .max, .max))
        for odd in [nil, "", "sha256:", "sha256:" + String(repeating: "a", count: 63), "sha256:" + String(repeating: "a", count: 65),
                    "sha256:" + String(repeating: "g", count: 64), "sha256:" + String(repeating: "A", count: 64),
                    "SHA256:" + String(repeating: "a", count: 64), "sha512:" + String(repeating: "a", count: 64),
                    "sha256:" + String(repeating: "0", count: 64), "sha256:" + String(repeating: "é", count: 32)] as [String?] {
            #expect(DigestBits(odd).isNone, "\(odd ?? "nil")")
        }
    }

    /// Every byte value at every place of the hex digits: only `0`-`9` and `a`-`f` give bits,
    /// and those bits hold the digit's value at its place.
    @Test func digestBitsEveryByte() {
        let hex = Array("0123456789abcdef".utf8)
        for place in 0..<64 {
            for value in 0...255 {
                var digits = [UInt8](repeating: UInt8(ascii: "1"), count: 64)
                digits[place] = UInt8(value)
                let bits = DigestBits("sha256:" + String(decoding: digits, as: UTF8.self))
                guard let digit = hex.firstIndex(of: UInt8(value)) else {
                    #expect(bits.isNone, "byte \(value) at \(place)")
                    continue
                }
                let words = [bits.words.0, bits.words.1, bits.words.2, bits.words.3]
                let shift = UInt64(60 - 4 * (place % 16))
                #expect(words[place / 16] >> shift & 0xF == UInt64(digit), "byte \(value) at \(place)")
                #expect(words[place / 16] & ~(0xF << shift) == 0x1111_1111_1111_1111 & ~(0xF << shift), "byte \(value) at \(place)")
            }
        }
    }
}
