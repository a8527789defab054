import NubladaEngine

/// The counts the picture's series say, worked out from the engine's values: the prepull
/// columns, the nodes' cells (cached, missing, unknown) with the activity's pull states laid
/// over the cells that are not cached (as the dashboard's matrix shows them), the activity's
/// totals and the lab pods per digest.
struct PictureCounts: Sendable {
    /// The states of `nubladash_prepull_image_nodes`, in their order.
    static let states = ["cached", "missing", "pulling", "failing", "stuck", "unknown"]

    struct Column: Sendable {
        var tag: String
        var digest: String
        var type: String
        /// Eligible nodes by state, indexed as `states`.
        var nodes: [Int]
        var labs: Int
    }

    var columns: [Column] = []
    /// Each eligible node (a name listed twice counted once) and the prepull images it misses.
    var missingByNode: [(node: String, missing: Int)] = []
    /// The activity's totals and the oldest pod's age per state, nil without an activity.
    var pulls: ClusterActivity.Totals?
    var oldestPullAge: [PullState: Double] = [:]
    var labsOutsidePrepull: Int?
    /// (alias, target, digest), `""` where not known.
    var aliases: [(alias: String, target: String, digest: String)] = []

    init(data: DashboardData, activity: ClusterActivity?, activityAt: Double) {
        let typeByTag = Dictionary(data.images.map { ($0.tag, $0.type) }, uniquingKeysWith: { first, _ in first })
        var columnByDigest: [String: Int] = [:]
        columns = data.columns.enumerated().map { index, column in
            if columnByDigest[column.digest] == nil { columnByDigest[column.digest] = index }
            return Column(tag: column.tag, digest: column.digest, type: Self.typeName(typeByTag[column.tag] ?? .unknown),
                          nodes: [Int](repeating: 0, count: Self.states.count),
                          labs: activity?.inUse[column.digest]?.pods.count ?? 0)
        }
        // One row per eligible name, as the prepulls document keeps it: the last listing's.
        var rowByName: [String: Int] = [:]
        for (index, node) in data.nodes.enumerated() {
            if node.eligible { rowByName[node.name] = index } else { rowByName[node.name] = nil }
        }
        let cached = 0, missing = 1, unknown = 5
        for (index, node) in data.nodes.enumerated() where node.eligible && rowByName[node.name] == index {
            for (column, cell) in node.cells.enumerated() where column < columns.count {
                switch cell {
                case .cached: columns[column].nodes[cached] += 1
                case .missing: columns[column].nodes[missing] += 1
                case .unknown: columns[column].nodes[unknown] += 1
                case .notRequired: break
                }
            }
            missingByNode.append((node.name, node.missingCount))
        }
        if let activity {
            // A pull shows on a cell that is not cached (the activity already leaves cached ones out).
            for (cell, state) in activity.cells {
                guard let row = rowByName[cell.node], let column = columnByDigest[cell.digest] else { continue }
                let stateIndex = Self.states.firstIndex(of: state.name)!
                switch data.nodes[row].cells[column] {
                case .missing: columns[column].nodes[missing] -= 1
                case .unknown: columns[column].nodes[unknown] -= 1
                case .cached, .notRequired: continue
                }
                columns[column].nodes[stateIndex] += 1
            }
            pulls = activity.totals
            for pod in activity.prepullPods {
                guard let state = pod.state, let created = pod.pod.createdAt else { continue }
                oldestPullAge[state] = max(oldestPullAge[state] ?? 0, max(0, activityAt - created))
            }
            let prepullDigests = Set(data.columns.map(\.digest))
            labsOutsidePrepull = activity.inUse.reduce(0) { sum, use in prepullDigests.contains(use.key) ? sum : sum + use.value.pods.count }
        }
        aliases = data.images.compactMap { row in
            guard let lookup = row.aliasLookup else { return nil }
            return (row.tag, lookup.target ?? row.aliasTarget ?? "", lookup.digest ?? row.digest ?? "")
        }
    }

    /// The `type` label: the image type as one lower-case word.
    static func typeName(_ type: ImageType) -> String {
        switch type {
        case .alias: "alias"
        case .release: "release"
        case .weekly: "weekly"
        case .daily: "daily"
        case .candidate: "release_candidate"
        case .experimental: "experimental"
        case .unknown: "unknown"
        }
    }

    /// The picture's samples for one environment (`environment="…"` written), by family index;
    /// `""` where a family has none.
    func samples(environment: String) -> [String: String] {
        var out: [String: String] = [:]
        func add(_ family: MetricFamily, _ text: String) { out[family.name, default: ""] += text }
        add(.prepullImages, MetricText.sample(MetricFamily.prepullImages.name, environment, columns.count))
        for column in columns {
            let tag = MetricText.escapedLabel(column.tag)
            for (index, state) in Self.states.enumerated() {
                add(.prepullImageNodes, MetricText.sample(
                    MetricFamily.prepullImageNodes.name, "\(environment),tag=\"\(tag)\",state=\"\(state)\"", column.nodes[index]))
            }
            add(.imageInfo, MetricText.sample(
                MetricFamily.imageInfo.name,
                "\(environment),tag=\"\(tag)\",digest=\"\(MetricText.escapedLabel(column.digest))\",type=\"\(column.type)\"", 1))
        }
        var missing = ""
        missing.reserveCapacity(missingByNode.count * 96)
        for node in missingByNode {
            missing += MetricText.sample(
                MetricFamily.nodePrepullMissing.name, "\(environment),node=\"\(MetricText.escapedLabel(node.node))\"", node.missing)
        }
        add(.nodePrepullMissing, missing)
        if let pulls {
            for state in PullState.allCases {
                add(.pulls, MetricText.sample(MetricFamily.pulls.name, "\(environment),state=\"\(state.name)\"", pulls[state]))
                add(.oldestPullAge, MetricText.sample(
                    MetricFamily.oldestPullAge.name, "\(environment),state=\"\(state.name)\"", oldestPullAge[state] ?? 0))
            }
            for column in columns {
                add(.labs, MetricText.sample(
                    MetricFamily.labs.name, "\(environment),tag=\"\(MetricText.escapedLabel(column.tag))\"", column.labs))
            }
            add(.labsOutsidePrepull, MetricText.sample(MetricFamily.labsOutsidePrepull.name, environment, labsOutsidePrepull ?? 0))
        }
        for alias in aliases {
            add(.aliasInfo, MetricText.sample(
                MetricFamily.aliasInfo.name,
                "\(environment),alias=\"\(MetricText.escapedLabel(alias.alias))\",target=\"\(MetricText.escapedLabel(alias.target))\",digest=\"\(MetricText.escapedLabel(alias.digest))\"",
                1))
        }
        return out
    }
}
