
/// One `String` per distinct byte sequence read from a document: an image reference repeats on
/// thousands of nodes, and each node then holds a reference to the one string instead of a
/// copy. One interner per decoded document (pages are decoded on several threads at once); it
/// also holds the document's repeated node images, which point into its bytes.
public final class StringInterner {
    /// The node images of this document, each distinct one decoded once.
    public let nodeImages = RepeatedElements<NodeImage>()

    /// Open addressing: `hashes[i]` is 0 for an empty slot, else the hash of `strings[i]`.
    private var hashes: UnsafeMutablePointer<UInt64>
    private var strings: UnsafeMutablePointer<String>
    private var size: Int
    private var used = 0

    public init(capacity: Int = 1024) {
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
    public func string(_ bytes: UnsafeBufferPointer<UInt8>, validate: Bool) -> String? {
        let hash = ByteHash.of(bytes)
        let mask = size - 1
        var position = Int(truncatingIfNeeded: hash) & mask
        while hashes[position] != 0 {
            if hashes[position] == hash, ByteHash.equal(strings[position], bytes) { return strings[position] }
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
    public func firstDigest(of names: [String]) -> String? {
        NodeImage.firstDigest(names) { string($0, validate: false) }
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
}
