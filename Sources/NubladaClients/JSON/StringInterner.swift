import Foundation
import NubladaEngine

/// One `String` per distinct byte sequence read from a document: an image reference repeats on
/// thousands of nodes, and each node then holds a reference to the one string instead of a
/// copy. One interner per decoded page (pages are decoded on several threads at once).
final class StringInterner {
    /// Open addressing: `hashes[i]` is 0 for an empty slot, else the hash of `strings[i]`.
    private var hashes: UnsafeMutablePointer<UInt64>
    private var strings: UnsafeMutablePointer<String>
    private var size: Int
    private var used = 0

    init(capacity: Int = 1024) {
        size = 16
        while size < capacity * 2 { size <<= 1 }
        hashes = .allocate(capacity: size)
        hashes.initialize(repeating: 0, count: size)
        strings = .allocate(capacity: size)
    }

    deinit {
        for position in 0..<size where hashes[position] != 0 { (strings + position).deinitialize(count: 1) }
        hashes.deallocate()
        strings.deallocate()
    }

    /// The string of these bytes; nil when `validate` is set and they are not UTF-8 (bytes
    /// known to be ASCII need no check).
    func string(_ bytes: UnsafeBufferPointer<UInt8>, validate: Bool) -> String? {
        let hash = Self.hash(bytes)
        let mask = size - 1
        var position = Int(truncatingIfNeeded: hash) & mask
        while hashes[position] != 0 {
            if hashes[position] == hash, Self.equal(strings[position], bytes) { return strings[position] }
            position = (position + 1) & mask
        }
        let made: String
        if validate {
            guard let valid = String(validating: bytes, as: UTF8.self) else { return nil }
            made = valid
        } else {
            made = String(decoding: bytes, as: UTF8.self)
        }
        hashes[position] = hash
        (strings + position).initialize(to: made)
        used += 1
        if used * 2 > size { grow() }
        return made
    }

    /// `NodeImage.firstDigest(names)`, interned: one string per distinct digest of a page.
    func firstDigest(of names: [String]) -> String? {
        for var name in names {
            let digest: String? = name.withUTF8 { bytes in
                guard let range = DockerReference.digestRange(in: bytes) else { return nil }
                return string(UnsafeBufferPointer(rebasing: bytes[range]), validate: false)
            }
            if let digest { return digest }
        }
        return nil
    }

    private func grow() {
        let oldHashes = hashes, oldStrings = strings, oldSize = size
        size *= 2
        hashes = .allocate(capacity: size)
        hashes.initialize(repeating: 0, count: size)
        strings = .allocate(capacity: size)
        let mask = size - 1
        for old in 0..<oldSize where oldHashes[old] != 0 {
            var position = Int(truncatingIfNeeded: oldHashes[old]) & mask
            while hashes[position] != 0 { position = (position + 1) & mask }
            hashes[position] = oldHashes[old]
            (strings + position).moveInitialize(from: oldStrings + old, count: 1)
        }
        oldHashes.deallocate()
        oldStrings.deallocate()
    }

    private static func equal(_ string: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        string.utf8.withContiguousStorageIfAvailable { stored in
            stored.count == bytes.count && (bytes.isEmpty || memcmp(stored.baseAddress!, bytes.baseAddress!, bytes.count) == 0)
        } ?? string.utf8.elementsEqual(bytes)
    }

    /// A fast hash of eight bytes at a time, never 0 (which marks an empty slot). A long string
    /// is hashed by its length, its first 16 and its last 32 bytes: image references share
    /// their registry path and differ at the end (tag, digest), and a million of them are
    /// interned for 10,000 nodes. Equal hashes are still compared byte for byte.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
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
}
