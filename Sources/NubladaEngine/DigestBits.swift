#if canImport(Glibc)
import Glibc
#endif

/// A `sha256:` digest in the form registries and the kubelet write it (64 lowercase hex
/// digits) as its 32 bytes: four words that compare and copy without a string. The engine
/// matches 500,000 node images against the listing at 10,000 nodes; a string there means a
/// reference count touched per image, by two threads at once. Any other spelling has no bits
/// (all zero) and is matched by its string, so equal strings always take the same path.
public struct DigestBits: Hashable, Sendable {
    public let words: (UInt64, UInt64, UInt64, UInt64)

    /// No bits: the digest is matched by its string.
    public static let none = DigestBits(words: (0, 0, 0, 0))

    public var isNone: Bool { words == (0, 0, 0, 0) }

    private init(words: (UInt64, UInt64, UInt64, UInt64)) { self.words = words }

    /// The bits of `digest`, or `none` when it is not `sha256:` and 64 lowercase hex digits
    /// (or is all zero, which stands for none).
    public init(_ digest: String?) {
        guard var digest else { self = .none; return }
        self = digest.withUTF8 { DigestBits(utf8: $0) }
    }

    private init(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        let prefix: StaticString = "sha256:"
        guard bytes.count == prefix.utf8CodeUnitCount + 64, let base = bytes.baseAddress,
              memcmp(base, prefix.utf8Start, prefix.utf8CodeUnitCount) == 0,
              let w0 = Self.word(base + 7), let w1 = Self.word(base + 23), let w2 = Self.word(base + 39), let w3 = Self.word(base + 55)
        else { self = .none; return }
        words = (w0, w1, w2, w3)
    }

    /// Sixteen lowercase hex digits as a word; nil for any other character. Eight digits at a
    /// time in one register (no table, so no shared state): every byte is range-checked and
    /// turned into its nibble at once, then the nibbles are packed.
    @inline(__always) private static func word(_ digits: UnsafePointer<UInt8>) -> UInt64? {
        let first = half(UnsafeRawPointer(digits).loadUnaligned(as: UInt64.self))
        let second = half(UnsafeRawPointer(digits + 8).loadUnaligned(as: UInt64.self))
        return first.valid && second.valid ? first.value << 32 | second.value : nil
    }

    /// Eight hex digits (the first in the lowest address) as 32 bits, and whether all were
    /// `0`-`9` or `a`-`f`. Each byte's tests are subtractions that cannot borrow from the next
    /// byte: its high bit is set first, and stays set only where the byte is in range.
    @inline(__always) private static func half(_ raw: UInt64) -> (value: UInt64, valid: Bool) {
        let bytes = UInt64(bigEndian: raw)
        let high: UInt64 = 0x8080_8080_8080_8080, ones: UInt64 = 0x0101_0101_0101_0101
        func atLeast(_ low: UInt8) -> UInt64 { (bytes | high) &- ones &* UInt64(low) }
        func atMost(_ top: UInt8) -> UInt64 { (ones &* UInt64(top) | high) &- bytes }
        let inRange = (atLeast(0x30) & atMost(0x39)) | (atLeast(0x61) & atMost(0x66))
        let valid = inRange & ~bytes & high == high
        // A digit's nibble is its low four bits; a letter's (0x61-0x66) nine more.
        var nibbles = (bytes & 0x0F0F_0F0F_0F0F_0F0F) &+ ((bytes >> 6) & ones) &* 9
        nibbles = (nibbles | nibbles >> 4) & 0x00FF_00FF_00FF_00FF
        nibbles = (nibbles | nibbles >> 8) & 0x0000_FFFF_0000_FFFF
        nibbles = (nibbles | nibbles >> 16) & 0x0000_0000_FFFF_FFFF
        return (nibbles, valid)
    }

    public static func == (a: DigestBits, b: DigestBits) -> Bool { a.words == b.words }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}
