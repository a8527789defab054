/// A set of one evaluation's nodes by slot (`ImageService` numbers each distinct node name once,
/// in listing order): at 10,000 nodes the engine asks "is this image on that node" millions of
/// times, and a bit per node answers without hashing a name.
struct NodeSet: Hashable, Sendable {
    private var words: [UInt64] = []

    init() {}

    mutating func insert(_ slot: Int) {
        let word = slot >> 6
        if word >= words.count { words.append(contentsOf: repeatElement(0, count: word + 1 - words.count)) }
        words[word] |= 1 << UInt64(slot & 63)
    }

    mutating func formUnion(_ other: NodeSet) {
        if other.words.count > words.count { words.append(contentsOf: repeatElement(0, count: other.words.count - words.count)) }
        for (index, word) in other.words.enumerated() { words[index] |= word }
    }

    func contains(_ slot: Int) -> Bool {
        let word = slot >> 6
        return word < words.count && words[word] & (1 << UInt64(slot & 63)) != 0
    }

    var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    /// How many slots are in both sets.
    func intersectionCount(_ other: NodeSet) -> Int {
        zip(words, other.words).reduce(0) { $0 + ($1.0 & $1.1).nonzeroBitCount }
    }

    /// Whether every slot of `other` is in this set.
    func isSuperset(of other: NodeSet) -> Bool {
        for (index, word) in other.words.enumerated() where word != 0 {
            guard index < words.count, words[index] & word == word else { return false }
        }
        return true
    }

    /// The slots in both sets, as a set.
    func intersected(with other: NodeSet) -> NodeSet {
        var both = NodeSet()
        both.words = zip(words, other.words).map { $0 & $1 }
        return both
    }

    /// The slots in both sets, in slot order.
    func intersection(_ other: NodeSet) -> [Int] {
        var slots: [Int] = []
        for (index, pair) in zip(words, other.words).enumerated() {
            var word = pair.0 & pair.1
            while word != 0 {
                slots.append(index << 6 + word.trailingZeroBitCount)
                word &= word - 1
            }
        }
        return slots
    }
}
