#if canImport(Glibc)
import Glibc
#endif

/// The hash of byte strings for the open-addressing tables of the hot paths (the decoder's
/// string interner, the engine's digest index): a few multiply-xor rounds instead of SipHash.
public enum ByteHash {
    /// Eight bytes at a time, never 0 (an empty slot in the tables that use it). A long string is
    /// hashed by its length, its first 16 and its last 32 bytes: image references share their
    /// registry path and differ at the end (tag, digest), and a million of them are hashed for
    /// 10,000 nodes. The tables still compare equal hashes byte for byte.
    public static func of(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        guard let start = bytes.baseAddress else { return hash }
        let raw = UnsafeRawPointer(start)
        func mix(_ offset: Int) {
            let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            hash = (hash ^ word) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 32
        }
        if bytes.count > 64 {
            let end = bytes.count
            mix(0); mix(8); mix(end - 32); mix(end - 24); mix(end - 16); mix(end - 8)
            hash = hash &* 0xC4CE_B9FE_1A85_EC53
            hash ^= hash >> 29
            return hash == 0 ? 1 : hash
        }
        var offset = 0
        while offset + 8 <= bytes.count {
            mix(offset)
            offset += 8
        }
        var tail: UInt64 = 0
        while offset < bytes.count {
            tail = tail << 8 | UInt64(start[offset])
            offset += 1
        }
        hash = (hash ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        hash ^= hash >> 29
        return hash == 0 ? 1 : hash
    }

    /// Whether `string` is these bytes.
    public static func equal(_ string: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        string.utf8.withContiguousStorageIfAvailable { stored in
            stored.count == bytes.count && (bytes.isEmpty || memcmp(stored.baseAddress!, bytes.baseAddress!, bytes.count) == 0)
        } ?? string.utf8.elementsEqual(bytes)
    }
}

/// Which of a few hundred digests a node's image has, by the digest's bytes: the engine asks it
/// for every image of every node (500,000 at 10,000 nodes), where a `Dictionary` of strings
/// cost 120 ns an entry (SipHash, retains, a copy of the key).
struct DigestIndex {
    private var hashes: [UInt64]
    private var keys: [String]
    private var positions: [Int]

    /// `digests[i]` is found at position `i` (the first of duplicates wins).
    init(_ digests: [String]) {
        var size = 16
        while size < digests.count * 2 { size <<= 1 }
        hashes = Array(repeating: 0, count: size)
        keys = Array(repeating: "", count: size)
        positions = Array(repeating: -1, count: size)
        for (position, digest) in digests.enumerated() where self.position(of: digest) == nil {
            var slot = Self.slot(of: digest, in: hashes)
            while hashes[slot.index] != 0 { slot.index = (slot.index + 1) & (size - 1) }
            hashes[slot.index] = slot.hash
            keys[slot.index] = digest
            positions[slot.index] = position
        }
    }

    /// Where `digest` was given, nil when it was not.
    func position(of digest: String) -> Int? {
        digest.utf8.withContiguousStorageIfAvailable { bytes -> Int? in
            let hash = ByteHash.of(bytes), mask = hashes.count - 1
            var index = Int(truncatingIfNeeded: hash) & mask
            while hashes[index] != 0 {
                if hashes[index] == hash, ByteHash.equal(keys[index], bytes) { return positions[index] }
                index = (index + 1) & mask
            }
            return nil
        } ?? keys.firstIndex(of: digest).map { positions[$0] }
    }

    private static func slot(of digest: String, in hashes: [UInt64]) -> (hash: UInt64, index: Int) {
        var copy = digest
        let hash = copy.withUTF8 { ByteHash.of($0) }
        return (hash, Int(truncatingIfNeeded: hash) & (hashes.count - 1))
    }

}
