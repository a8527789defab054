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
    @usableFromInline struct Slots {
        @usableFromInline var hashes: UnsafeMutablePointer<UInt64>?
        @usableFromInline var starts: UnsafeMutablePointer<UnsafePointer<UInt8>>?
        @usableFromInline var lengths: UnsafeMutablePointer<Int>?
        @usableFromInline var values: UnsafeMutablePointer<Value>?
        @usableFromInline var size = 0
        @usableFromInline var used = 0

        @usableFromInline init() {}
    }

    /// The slots behind a pointer held in a `let`: the decoder's inlined lookups read them
    /// without the exclusivity check that a class's `var` costs on every access.
    @usableFromInline let slots: UnsafeMutablePointer<Slots>

    /// Elements kept per key (an image's first name): more variants of one name than this are
    /// decoded each time instead of compared with every variant.
    @inlinable static var variantsKept: Int { 8 }

    public init() {
        slots = .allocate(capacity: 1)
        slots.initialize(to: Slots())
    }

    deinit {
        let table = slots.move()
        slots.deallocate()
        guard let hashes = table.hashes, let values = table.values else { return }
        for position in 0..<table.size where hashes[position] != 0 { (values + position).deinitialize(count: 1) }
        hashes.deallocate()
        table.starts?.deallocate()
        table.lengths?.deallocate()
        values.deallocate()
    }

    /// The value and length of an element seen before whose bytes are those at `start` (of which
    /// `available` can be read), looked up by the hash of its key.
    @inlinable @inline(__always) public func find(_ hash: UInt64, at start: UnsafePointer<UInt8>, available: Int) -> (value: Value, length: Int)? {
        let table = slots.pointee
        guard let hashes = table.hashes, let starts = table.starts, let lengths = table.lengths, let values = table.values else { return nil }
        let mask = table.size - 1
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
        if slots.pointee.used * 2 >= slots.pointee.size { grow() }
        let table = slots.pointee
        let mask = table.size - 1
        var position = Int(truncatingIfNeeded: hash) & mask
        var variants = 0
        while table.hashes![position] != 0 {
            if table.hashes![position] == hash {
                variants += 1
                if variants >= Self.variantsKept { return }
            }
            position = (position + 1) & mask
        }
        table.hashes![position] = hash
        table.starts![position] = start
        table.lengths![position] = length
        (table.values! + position).initialize(to: value)
        slots.pointee.used += 1
    }

    @usableFromInline func grow() {
        let old = slots.pointee
        var grown = Slots()
        grown.size = max(64, old.size * 2)
        grown.used = old.used
        let newHashes = UnsafeMutablePointer<UInt64>.allocate(capacity: grown.size)
        newHashes.initialize(repeating: 0, count: grown.size)
        let newStarts = UnsafeMutablePointer<UnsafePointer<UInt8>>.allocate(capacity: grown.size)
        let newLengths = UnsafeMutablePointer<Int>.allocate(capacity: grown.size)
        let newValues = UnsafeMutablePointer<Value>.allocate(capacity: grown.size)
        let mask = grown.size - 1
        if let oldHashes = old.hashes, let oldStarts = old.starts, let oldLengths = old.lengths, let oldValues = old.values {
            for index in 0..<old.size where oldHashes[index] != 0 {
                var position = Int(truncatingIfNeeded: oldHashes[index]) & mask
                while newHashes[position] != 0 { position = (position + 1) & mask }
                newHashes[position] = oldHashes[index]
                newStarts[position] = oldStarts[index]
                newLengths[position] = oldLengths[index]
                (newValues + position).moveInitialize(from: oldValues + index, count: 1)
            }
            oldHashes.deallocate()
            oldStarts.deallocate()
            oldLengths.deallocate()
            oldValues.deallocate()
        }
        grown.hashes = newHashes
        grown.starts = newStarts
        grown.lengths = newLengths
        grown.values = newValues
        slots.pointee = grown
    }
}
