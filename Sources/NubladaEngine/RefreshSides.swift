/// When each side of a refresh last answered, in seconds since the epoch (nil: never): the
/// registry's listing and the cluster's nodes. A side that fails keeps showing its last good
/// data, which is then older than the other side's.
public struct RefreshSides: Hashable, Sendable {
    public var registry: Double?
    public var cluster: Double?

    public init(registry: Double? = nil, cluster: Double? = nil) {
        self.registry = registry
        self.cluster = cluster
    }
}
