/// Where an image stands across environments (the overview's compare view, `c`): which
/// environments recommend which image, and for each image of any environment's prepull set,
/// whether each environment has it fully prepulled, partly, or not in its set. How an admin
/// follows a new weekly from int to prod.
public struct EnvironmentComparison: Hashable, Sendable {
    /// One environment's state for one image.
    public enum Cell: Hashable, Sendable {
        /// In the prepull set and cached on every eligible node.
        case full
        /// In the prepull set, cached on `cached` of `required` eligible nodes.
        case partial(cached: Int, required: Int)
        /// Not in this environment's prepull set.
        case notInSet
        /// The environment has no data yet.
        case noData
    }

    public struct Row: Hashable, Sendable {
        public var tag: String
        /// One per environment, in the comparison's environment order.
        public var cells: [Cell]
    }

    /// The environments' names, in the order given.
    public var environments: [String]
    /// What each environment recommends (`recommended → w_2026_44`), nil without data.
    public var recommended: [EnvironmentSummary?]
    /// Every tag of any prepull set: newest first within the engine's type order, as the
    /// environments list them (first seen first).
    public var rows: [Row]

    /// - Parameter environments: each environment's name and its last data (nil when none yet).
    public init(_ environments: [(name: String, data: DashboardData?)]) {
        self.environments = environments.map(\.name)
        recommended = environments.map { $0.data.map(EnvironmentSummary.init) }
        var tags: [String] = []
        var seen: Set<String> = []
        var aliases: Set<String> = []
        for data in environments.compactMap(\.data) {
            for column in data.columns {
                if seen.insert(column.tag).inserted { tags.append(column.tag) }
                if column.aliasTarget != nil { aliases.insert(column.tag) }
            }
        }
        let ordered = Self.ordered(tags, aliases: aliases)
        rows = ordered.map { tag in
            Row(tag: tag, cells: environments.map { _, data in
                guard let data else { return .noData }
                guard let column = data.columns.first(where: { $0.tag == tag }) else { return .notInSet }
                return column.cachedCount >= column.eligibleCount ? .full : .partial(cached: column.cachedCount, required: column.eligibleCount)
            })
        }
    }

    /// Tags in the controller's type order, newest first within a type. An alias's name says
    /// nothing of its type (`recommended` parses as unknown): the columns say which tags are
    /// aliases, and those come first, as in every other list.
    static func ordered(_ tags: [String], aliases: Set<String>) -> [String] {
        let parsed = tags.map { ImageTag(parsing: $0) }
        func kind(_ tag: ImageTag) -> ImageType { aliases.contains(tag.tag) ? .alias : tag.imageType }
        return ImageType.allCases.flatMap { type in
            sortedNewestFirst(parsed.filter { kind($0) == type }, by: \.self).map(\.tag)
        }
    }
}
