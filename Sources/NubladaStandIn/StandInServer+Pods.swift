/// The pods the stand-in serves (issue 10) and the switch that forbids them.
extension StandInServer {
    /// Serves `pods` in place of the current ones, at a new resourceVersion (continue tokens of
    /// the old list expire).
    public func setPods(_ pods: [StandInPod]) {
        state.withLock { $0.pods = PodDataset(pods, resourceVersion: $0.pods.resourceVersion + 1) }
    }

    /// How many pods the Kubernetes side serves.
    public var podCount: Int { state.withLock { $0.pods.records.count } }

    /// Whether every pod request is answered 403, as for a user without RBAC to list pods.
    public var podsForbidden: Bool {
        get { state.withLock { $0.podsForbidden } }
        set { state.withLock { $0.podsForbidden = newValue } }
    }
}
