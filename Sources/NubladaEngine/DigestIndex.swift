#if canImport(Glibc)
import Glibc
#endif

/// Which of a few hundred digests a node's image has, by the digest's bytes: the engine asks it
/// for every image of every node (500,000 at 10,000 nodes), where a `Dictionary` of strings
/// cost 120 ns an entry (SipHash, retains, a copy of the key). The keys' bytes lie in one flat
/// buffer, so a lookup touches no reference count: two threads marking the nodes' halves at
/// once do not fight over the listing's strings.
struct DigestIndex: Sendable {
    private let table: Table
    /// How many digests were given (positions are below it).
    var count: Int { table.count }

    /// `digests[i]` is found at position `i` (the first of duplicates wins).
    init(_ digests: [String]) {
        table = Table(digests)
    }

    /// Where `image`'s digest was given, nil when it was not (or it has none). Its bits are
    /// looked up when it has them: no string is touched.
    func position(of image: borrowing NodeImage) -> Int? {
        image.digestBits.isNone ? image.digest.flatMap(positionBySpelling) : table.find(image.digestBits)
    }

    /// Where `digest` was given, nil when it was not.
    func position(of digest: String) -> Int? {
        let bits = DigestBits(digest)
        return bits.isNone ? positionBySpelling(digest) : table.find(bits)
    }

    /// A digest without bits, by its bytes (only such digests are kept by their bytes: equal
    /// strings have equal bits, so one with bits can only be found by them).
    private func positionBySpelling(_ digest: String) -> Int? {
        // A native string's bytes are read in place (no copy, no retain); any other is copied.
        if let found = digest.utf8.withContiguousStorageIfAvailable({ table.find($0).found }) { return found }
        var text = digest
        return text.withUTF8 { table.find($0).found }
    }

    /// Open addressing over raw memory, made once and only read after.
    // Unchecked: written only in init, read-only after; raw memory keeps lookups free of retains (arrays would not).
    private final class Table: @unchecked Sendable {
        let count: Int
        private let size: Int
        /// 0 for an empty slot (`ByteHash` is never 0).
        private let hashes: UnsafeMutablePointer<UInt64>
        private let positions: UnsafeMutablePointer<Int>
        /// Each slot's key: where its bytes start in `bytes`, and how many.
        private let starts: UnsafeMutablePointer<Int>
        private let lengths: UnsafeMutablePointer<Int>
        private let bytes: UnsafeMutablePointer<UInt8>
        /// The keys that have bits, by them (the others are kept by their bytes above): open
        /// addressing keyed by the first word (a digest's bits are uniformly spread);
        /// `bitsPositions` -1 for empty.
        private let bits: UnsafeMutablePointer<DigestBits>
        private let bitsPositions: UnsafeMutablePointer<Int>

        init(_ digests: [String]) {
            count = digests.count
            var size = 16
            while size < digests.count * 2 { size <<= 1 }
            self.size = size
            hashes = .allocate(capacity: size)
            hashes.initialize(repeating: 0, count: size)
            positions = .allocate(capacity: size)
            starts = .allocate(capacity: size)
            lengths = .allocate(capacity: size)
            bytes = .allocate(capacity: max(1, digests.reduce(0) { $0 + $1.utf8.count }))
            bits = .allocate(capacity: size)
            bits.initialize(repeating: .none, count: size)
            bitsPositions = .allocate(capacity: size)
            bitsPositions.initialize(repeating: -1, count: size)
            var used = 0
            for (position, digest) in digests.enumerated() {
                let key = DigestBits(digest)
                guard key.isNone else {
                    if find(key) == nil {
                        var slot = Int(truncatingIfNeeded: key.words.0) & (size - 1)
                        while bitsPositions[slot] >= 0 { slot = (slot + 1) & (size - 1) }
                        bits[slot] = key
                        bitsPositions[slot] = position
                    }
                    continue
                }
                var text = digest
                text.withUTF8 { key in
                    let (found, free, hash) = find(key)
                    guard found == nil else { return }
                    if let base = key.baseAddress { (bytes + used).initialize(from: base, count: key.count) }
                    hashes[free] = hash
                    positions[free] = position
                    starts[free] = used
                    lengths[free] = key.count
                    used += key.count
                }
            }
        }

        deinit {
            hashes.deallocate()
            positions.deallocate()
            starts.deallocate()
            lengths.deallocate()
            bytes.deallocate()
            bits.deallocate()
            bitsPositions.deallocate()
        }

        /// The position of the digest with these bits, nil when none was given.
        @inline(__always) func find(_ key: DigestBits) -> Int? {
            var slot = Int(truncatingIfNeeded: key.words.0) & (size - 1)
            while bitsPositions[slot] >= 0 {
                if bits[slot] == key { return bitsPositions[slot] }
                slot = (slot + 1) & (size - 1)
            }
            return nil
        }

        /// The position of `key`, or the empty slot where it would go, and its hash.
        func find(_ key: UnsafeBufferPointer<UInt8>) -> (found: Int?, free: Int, hash: UInt64) {
            let hash = ByteHash.of(key), mask = size - 1
            var slot = Int(truncatingIfNeeded: hash) & mask
            while hashes[slot] != 0 {
                if hashes[slot] == hash, lengths[slot] == key.count,
                   key.isEmpty || memcmp(bytes + starts[slot], key.baseAddress!, key.count) == 0 {
                    return (positions[slot], slot, hash)
                }
                slot = (slot + 1) & mask
            }
            return (nil, slot, hash)
        }
    }
}
