import NubladaEngine

/// What the dashboard draws of the cluster's activity, computed once per refresh
/// beside `PreparedData`: the pull state of each matrix cell, the lab pods per image row, and
/// the status line's warning. The `ActivityReading` itself stays the one home of the facts.
struct PreparedActivity: Sendable {
    /// What the refresh read: the activity, or why the pods could not be read.
    let reading: ActivityReading
    /// Pull states by node (index into `DashboardData.nodes`), one per column; only nodes with one.
    let pullStates: [Int: [PullState?]]
    /// Lab pods running each image row (index into `DashboardData.images`); nil when the pods
    /// could not be read.
    let inUse: [Int]?
    /// The `in use` column's texts per image row (`—` where the digest is not known).
    let inUseTexts: [String]
    /// The rows whose image labs run although it is outside the prepull set.
    let inUseOutsidePrepullSet: Set<Int>
    let warning: PullWarning?

    init(_ reading: ActivityReading, data: DashboardData, nodePrefix: String, glyphs: Glyphs) {
        self.reading = reading
        guard let activity = reading.activity else {
            (pullStates, inUse, inUseTexts, inUseOutsidePrepullSet, warning) = ([:], nil, [], [], nil)
            return
        }
        var states: [Int: [PullState?]] = [:]
        if !activity.cells.isEmpty {
            for (index, node) in data.nodes.enumerated() {
                let row = data.columns.map { activity.state(node: node.name, digest: $0.digest) }
                if row.contains(where: { $0 != nil }) { states[index] = row }
            }
        }
        pullStates = states
        let counts = data.images.map { row in row.digest.flatMap { activity.inUse[$0]?.pods.count } ?? 0 }
        inUse = counts
        let prepullDigests = Set(data.columns.map(\.digest))
        var outside = Set<Int>()
        for (index, row) in data.images.enumerated() where counts[index] > 0 {
            if let digest = row.digest, !prepullDigests.contains(digest) { outside.insert(index) }
        }
        inUseOutsidePrepullSet = outside
        // A tag whose digest was never fetched (Docker, outside the prepull set) cannot be matched.
        inUseTexts = counts.indices.map { index in
            if data.images[index].digest == nil { return glyphs.noValue }
            return outside.contains(index) ? "\(glyphs.warning) \(counts[index])" : String(counts[index])
        }
        warning = PullWarning(activity, nodePrefix: nodePrefix)
    }

    /// The pull state of a node's cell, nil when none.
    @inline(__always)
    func pullState(node: Int, column: Int) -> PullState? {
        guard let row = pullStates[node], row.indices.contains(column) else { return nil }
        return row[column]
    }
}
