#if canImport(Glibc)
import Glibc
#endif

/// Array elements that repeat byte for byte within one document: the same node image (names
/// and size) is listed by hundreds of nodes of a NodeList page. The first is decoded; the others
/// are recognised by their bytes and get its value, without being read again (the same bytes
/// at the same place in a document decode the same). It keeps pointers into the document, so
/// it lives no longer than one decoding of it (see `StringInterner`).
public final class RepeatedElements<Value> {
    /// Open addressing: `hashes[i]` is 0 for an empty slot (`ByteHash` never gives 0).
    @usableFromInline var hashes: UnsafeMutablePointer<UInt64>?
    @usableFromInline var starts: UnsafeMutablePointer<UnsafePointer<UInt8>>?
    @usableFromInline var lengths: UnsafeMutablePointer<Int>?
    @usableFromInline var values: UnsafeMutablePointer<Value>?
    @usableFromInline var size = 0
    @usableFromInline var used = 0

    /// Elements kept per key (an image's first name): more variants of one name than this are
    /// decoded each time instead of compared with every variant.
    @inlinable static var variantsKept: Int { 8 }

    public init() {}

    deinit {
        guard let hashes, let values else { return }
        for position in 0..<size where hashes[position] != 0 { (values + position).deinitialize(count: 1) }
        hashes.deallocate()
        starts?.deallocate()
        lengths?.deallocate()
        values.deallocate()
    }

    /// The value and length of an element seen before whose bytes are those at `start` (of which
    /// `available` can be read), looked up by the hash of its key.
    @inlinable @inline(__always) public func find(_ hash: UInt64, at start: UnsafePointer<UInt8>, available: Int) -> (value: Value, length: Int)? {
        guard let hashes, let starts, let lengths, let values else { return nil }
        let mask = size - 1
        var position = Int(truncatingIfNeeded: hash) & mask
        while hashes[position] != 0 {
            if hashes[position] == hash {
                let length = lengths[position]
                if length <= available, memcmp(start, starts[position], length) == 0 { return (values[position], length) }
            }
            position = (position + 1) & mask
        }
        return nil
    }

    /// Remembers the element of `length` bytes at `start`, decoded to `value`.
    @inlinable public func insert(_ hash: UInt64, start: UnsafePointer<UInt8>, length: Int, _ value: Value) {
        if used * 2 >= size { grow() }
        let mask = size - 1
        var position = Int(truncatingIfNeeded: hash) & mask
        var variants = 0
        while hashes![position] != 0 {
            if hashes![position] == hash {
                variants += 1
                if variants >= Self.variantsKept { return }
            }
            position = (position + 1) & mask
        }
        hashes![position] = hash
        starts![position] = start
        lengths![position] = length
        (values! + position).initialize(to: value)
        used += 1
    }

    @usableFromInline func grow() {
        let oldSize = size, oldHashes = hashes, oldStarts = starts, oldLengths = lengths, oldValues = values
        size = max(64, size * 2)
        let newHashes = UnsafeMutablePointer<UInt64>.allocate(capacity: size)
        newHashes.initialize(repeating: 0, count: size)
        let newStarts = UnsafeMutablePointer<UnsafePointer<UInt8>>.allocate(capacity: size)
        let newLengths = UnsafeMutablePointer<Int>.allocate(capacity: size)
        let newValues = UnsafeMutablePointer<Value>.allocate(capacity: size)
        let mask = size - 1
        if let oldHashes, let oldStarts, let oldLengths, let oldValues {
            for old in 0..<oldSize where oldHashes[old] != 0 {
                var position = Int(truncatingIfNeeded: oldHashes[old]) & mask
                while newHashes[position] != 0 { position = (position + 1) & mask }
                newHashes[position] = oldHashes[old]
                newStarts[position] = oldStarts[old]
                newLengths[position] = oldLengths[old]
                (newValues + position).moveInitialize(from: oldValues + old, count: 1)
            }
            oldHashes.deallocate()
            oldStarts.deallocate()
            oldLengths.deallocate()
            oldValues.deallocate()
        }
        hashes = newHashes
        starts = newStarts
        lengths = newLengths
        values = newValues
    }
}
