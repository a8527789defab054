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
