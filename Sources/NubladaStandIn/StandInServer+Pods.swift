/// The pods the stand-in serves and the switch that forbids them.
extension StandInServer {
    /// Serves `pods` in place of the current ones: one watch event (and resourceVersion) per
    /// pod added, changed or gone; the list's resourceVersion moves on in any case, so continue
    /// tokens of the old list expire.
    public func setPods(_ pods: [StandInPod]) {
        ring(state.withLock { state in
            state.pods.replace(with: pods)
            return state.watch.watchers
        })
    }

    /// The PodList's current `metadata.resourceVersion`.
    public var podsResourceVersion: String { state.withLock { String($0.pods.resourceVersion) } }

    /// How many pods the Kubernetes side serves.
    public var podCount: Int { state.withLock { $0.pods.records.count } }

    /// Whether every pod request is answered 403, as for a user without RBAC to list pods.
    public var podsForbidden: Bool {
        get { state.withLock { $0.podsForbidden } }
        set { state.withLock { $0.podsForbidden = newValue } }
    }
}
