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

    /// Sixteen lowercase hex digits as a word; nil for any other character. Arithmetic, not a
    /// table: each digit is two compares and a select, with no shared state to set up.
    @inline(__always) private static func word(_ digits: UnsafePointer<UInt8>) -> UInt64? {
        var word: UInt64 = 0
        var valid = true
        for index in 0..<16 {
            let byte = digits[index]
            let decimal = byte &- UInt8(ascii: "0"), letter = byte &- UInt8(ascii: "a")
            valid = valid && (decimal < 10 || letter < 6)
            word = word << 4 | UInt64(decimal < 10 ? decimal : letter &+ 10) & 0x0F
        }
        return valid ? word : nil
    }

    public static func == (a: DigestBits, b: DigestBits) -> Bool { a.words == b.words }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}
