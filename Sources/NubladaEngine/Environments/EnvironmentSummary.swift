/// One environment in one line's worth of facts: what the overview row and the
/// `snapshot --environments --format text` line show, computed in one place from the
/// environment's dashboard data.
public struct EnvironmentSummary: Hashable, Sendable {
    /// The recommended tag, and the tag it points to when it is an alias of one.
    public var recommendedTag: String
    public var recommendedTarget: String?
    /// Newest weekly and daily listed (nil when the registry has none).
    public var latestWeekly: String?
    public var latestDaily: String?
    /// Image × eligible-node pairs of the prepull set: how many hold the image, of how many must.
    public var cached: Int
    public var required: Int
    public var eligibleNodes: Int
    public var nodes: Int
    public var prepullImages: Int

    /// Pairs still to pull.
    public var missing: Int { required - cached }
    public var isConverged: Bool { cached == required }

    public init(_ data: DashboardData) {
        recommendedTag = data.recommendedTag
        recommendedTarget = data.images.first { $0.tag == data.recommendedTag }?.aliasTarget
        latestWeekly = data.images.first { $0.type == .weekly }?.tag
        latestDaily = data.images.first { $0.type == .daily }?.tag
        cached = data.columns.reduce(0) { $0 + $1.cachedCount }
        required = data.columns.reduce(0) { $0 + $1.eligibleCount }
        eligibleNodes = data.eligibleNodeCount
        nodes = data.nodes.count
        prepullImages = data.columns.count
    }
}
