/// Which of a few hundred digests a node's image has, by the digest's bytes: the engine asks it
/// for every image of every node (500,000 at 10,000 nodes), where a `Dictionary` of strings
/// cost 120 ns an entry (SipHash, retains, a copy of the key).
struct DigestIndex {
    /// Open addressing: `hashes[i]` is 0 for an empty slot (`ByteHash` is never 0).
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
        for (position, digest) in digests.enumerated() {
            var text = digest
            let (found, free, hash) = text.withUTF8 { find($0) }
            guard found == nil else { continue }
            hashes[free] = hash
            keys[free] = digest
            positions[free] = position
        }
    }

    /// Where `digest` was given, nil when it was not.
    func position(of digest: String) -> Int? {
        // A native string's bytes are read in place (no copy, no retain); any other is copied.
        if let found = digest.utf8.withContiguousStorageIfAvailable({ find($0).found }) { return found }
        var text = digest
        return text.withUTF8 { find($0).found }
    }

    /// The position of `bytes`, or the empty slot where they would go, and their hash.
    private func find(_ bytes: UnsafeBufferPointer<UInt8>) -> (found: Int?, free: Int, hash: UInt64) {
        let hash = ByteHash.of(bytes), mask = hashes.count - 1
        var index = Int(truncatingIfNeeded: hash) & mask
        while hashes[index] != 0 {
            if hashes[index] == hash, ByteHash.equal(keys[index], bytes) { return (positions[index], index, hash) }
            index = (index + 1) & mask
        }
        return (nil, index, hash)
    }
}
