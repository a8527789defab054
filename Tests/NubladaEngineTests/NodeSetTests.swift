import Testing
@testable import NubladaEngine

/// The engine's node bitset: sets of different lengths (an image seen only on early nodes has
/// fewer words than the eligible set) must compare as sets.
@Suite struct NodeSetTests {
    static func set(_ slots: [Int]) -> NodeSet {
        var set = NodeSet()
        for slot in slots { set.insert(slot) }
        return set
    }

    @Test func membershipAndCount() {
        let set = Self.set([0, 63, 64, 200, 200])
        #expect(set.contains(0) && set.contains(63) && set.contains(64) && set.contains(200))
        #expect(!set.contains(1) && !set.contains(199) && !set.contains(10_000))
        #expect(set.count == 4)
        #expect(NodeSet().count == 0 && !NodeSet().contains(0))
    }

    @Test func intersectionAcrossLengths() {
        let short = Self.set([1, 5, 70]), long = Self.set([5, 70, 71, 500])
        #expect(short.intersection(long) == [5, 70])
        #expect(long.intersection(short) == [5, 70])
        #expect(short.intersectionCount(long) == 2)
        #expect(NodeSet().intersection(long).isEmpty)
    }

    @Test func supersetAcrossLengths() {
        let eligible = Self.set([2, 3, 130])
        #expect(Self.set([2, 3, 130, 131]).isSuperset(of: eligible))
        #expect(!Self.set([2, 3]).isSuperset(of: eligible))  // shorter: the word holding 130 is missing
        #expect(!Self.set([2, 130]).isSuperset(of: eligible))
        #expect(Self.set([1]).isSuperset(of: NodeSet()))
        #expect(NodeSet().isSuperset(of: NodeSet()))
    }
}
