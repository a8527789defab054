/// One change to the nodes, as the watch cache of an apiserver keeps it.
struct NodeChange: Sendable {
    enum Kind: String, Sendable {
        case added = "ADDED"
        case modified = "MODIFIED"
        case deleted = "DELETED"
    }

    var kind: Kind
    /// The resourceVersion the change made.
    var resourceVersion: Int
    /// The node after the change (for `deleted`, its last state), stamped with
    /// `resourceVersion`.
    var object: NodeRecord
    /// For `modified`: the node before, as served until then (a selector watch the node leaves
    /// sends it as DELETED).
    var previous: NodeRecord?
}

/// The last changes to the nodes (a bounded ring, so memory stays flat however long the
/// server runs) and the watches waiting for more.
struct WatchHistory: Sendable {
    static let defaultCapacity = 10_000

    /// How many changes are kept.
    private(set) var capacity: Int
    /// The oldest resourceVersion a watch can start from: every change after it is kept.
    private(set) var horizon: Int
    private var buffer: [NodeChange] = []
    /// The index of the oldest change once the buffer is full.
    private var start = 0
    /// The doorbells of open watches: rung (coalescing) on every change.
    private var doorbells: [Int: AsyncStream<Void>.Continuation] = [:]
    private var nextWatch = 0

    init(capacity: Int = defaultCapacity, horizon: Int) {
        self.capacity = max(1, capacity)
        self.horizon = horizon
    }

    var count: Int { buffer.count }

    /// The number of open watches.
    var watchCount: Int { doorbells.count }

    private func change(at offset: Int) -> NodeChange { buffer[(start + offset) % buffer.count] }

    mutating func append(_ change: NodeChange) {
        if buffer.count < capacity {
            buffer.append(change)
        } else {
            horizon = buffer[start].resourceVersion
            buffer[start] = change
            start = (start + 1) % buffer.count
        }
    }

    /// Keeps at most `capacity` changes from now on (dropping the oldest).
    mutating func setCapacity(_ capacity: Int) {
        let kept = (0..<buffer.count).map { change(at: $0) }
        let capacity = max(1, capacity)
        let dropped = max(0, kept.count - capacity)
        if dropped > 0 { horizon = kept[dropped - 1].resourceVersion }
        buffer = Array(kept.dropFirst(dropped))
        start = 0
        self.capacity = capacity
    }

    /// The changes after `resourceVersion`, oldest first; nil when some of them are no longer
    /// kept.
    func changes(after resourceVersion: Int) -> [NodeChange]? {
        guard resourceVersion >= horizon else { return nil }
        var low = 0
        var high = buffer.count
        while low < high {
            let middle = (low + high) / 2
            if change(at: middle).resourceVersion <= resourceVersion { low = middle + 1 } else { high = middle }
        }
        return (low..<buffer.count).map { change(at: $0) }
    }

    /// Registers a watch's doorbell; returns its id.
    mutating func subscribe(_ doorbell: AsyncStream<Void>.Continuation) -> Int {
        nextWatch += 1
        doorbells[nextWatch] = doorbell
        return nextWatch
    }

    mutating func unsubscribe(_ id: Int) {
        doorbells.removeValue(forKey: id)?.finish()
    }

    /// The doorbells to ring once the lock is released (ringing under the lock could wake a
    /// watch straight into it).
    var watchers: [AsyncStream<Void>.Continuation] { Array(doorbells.values) }

    /// Ends every watch (the server is stopping).
    mutating func finishAll() {
        for doorbell in doorbells.values { doorbell.finish() }
        doorbells = [:]
    }
}

/// Every change to the nodes goes through these, so the watch history sees it.
extension StandInState {
    /// Replaces every node. One change per node added, modified or deleted (in name order,
    /// each with the next resourceVersion); nodes the same but for their resourceVersion are
    /// kept as they were. The list's resourceVersion ends at `documentVersion` when that is
    /// newer, and moves on by at least one even when nothing changed (so continue tokens of the
    /// old data expire).
    mutating func replaceNodes(with incoming: [NodeRecord], documentVersion: Int? = nil) {
        // The last of each name, in the dataset's order.
        var latest: [String: Int] = [:]
        for (position, record) in incoming.enumerated() { latest[record.name] = position }
        let fresh = latest.count == incoming.count
            ? incoming : incoming.enumerated().filter { latest[$0.element.name] == $0.offset }.map(\.element)
        let new = fresh.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        let old = nodes.records

        enum Step { case keep(NodeRecord), add(NodeRecord), modify(NodeRecord, NodeRecord), delete(NodeRecord) }
        var steps: [Step] = []
        steps.reserveCapacity(max(new.count, old.count))
        var changeCount = 0
        var oldPosition = 0
        var newPosition = 0
        while oldPosition < old.count || newPosition < new.count {
            if newPosition == new.count
                || (oldPosition < old.count && old[oldPosition].name.utf8.lexicographicallyPrecedes(new[newPosition].name.utf8))
            {
                steps.append(.delete(old[oldPosition]))
                oldPosition += 1
                changeCount += 1
            } else if oldPosition == old.count || old[oldPosition].name != new[newPosition].name {
                steps.append(.add(new[newPosition]))
                newPosition += 1
                changeCount += 1
            } else {
                let before = old[oldPosition]
                let after = new[newPosition]
                if ResourceVersionStamp.sameIgnoringVersion(after.json, before.json) {
                    var kept = before
                    kept.ordinal = after.ordinal ?? before.ordinal
                    steps.append(.keep(kept))
                } else {
                    steps.append(.modify(before, after))
                    changeCount += 1
                }
                oldPosition += 1
                newPosition += 1
            }
        }

        var version = max(nodes.resourceVersion, (documentVersion ?? 0) - changeCount)
        var records: [NodeRecord] = []
        records.reserveCapacity(new.count)
        for step in steps {
            switch step {
            case .keep(let record):
                records.append(record)
            case .add(let record):
                version += 1
                let stamped = Self.stamped(record, version)
                records.append(stamped)
                watch.append(NodeChange(kind: .added, resourceVersion: version, object: stamped))
            case .modify(let before, let after):
                version += 1
                let stamped = Self.stamped(after, version)
                records.append(stamped)
                watch.append(NodeChange(kind: .modified, resourceVersion: version, object: stamped, previous: before))
            case .delete(let record):
                version += 1
                watch.append(NodeChange(kind: .deleted, resourceVersion: version, object: Self.stamped(record, version)))
            }
        }
        if changeCount == 0 { version = max(nodes.resourceVersion + 1, documentVersion ?? 0) }
        nodes = NodeDataset(records: records, resourceVersion: version)
    }

    /// Adds or replaces one node. The resourceVersion moves on; a change is recorded unless
    /// the node is the same as before.
    mutating func upsertNode(_ record: NodeRecord) {
        let version = nodes.resourceVersion + 1
        nodes.resourceVersion = version
        if let before = nodes.record(named: record.name) {
            guard !ResourceVersionStamp.sameIgnoringVersion(record.json, before.json) else { return }
            let stamped = Self.stamped(record, version)
            nodes.upsert(stamped)
            watch.append(NodeChange(kind: .modified, resourceVersion: version, object: stamped, previous: before))
        } else {
            let stamped = Self.stamped(record, version)
            nodes.upsert(stamped)
            watch.append(NodeChange(kind: .added, resourceVersion: version, object: stamped))
        }
    }

    /// Removes one node (false when there was none).
    mutating func deleteNode(named name: String) -> Bool {
        guard let removed = nodes.remove(named: name) else { return false }
        let version = nodes.resourceVersion + 1
        nodes.resourceVersion = version
        watch.append(NodeChange(kind: .deleted, resourceVersion: version, object: Self.stamped(removed, version)))
        return true
    }

    private static func stamped(_ record: NodeRecord, _ version: Int) -> NodeRecord {
        var stamped = record
        stamped.json = ResourceVersionStamp.stamp(record.json, version)
        return stamped
    }
}
