/// Everything the two listeners share, replaced under one lock: the data.
struct StandInState: Sendable {
    var registry = RegistryDataset.empty
    var nodes = NodeDataset.empty
    var pods = PodDataset.empty
    /// Whether pod requests are answered 403 (a user without permission to list pods).
    var podsForbidden = false
    /// The controller's ConfigMap and pull secret.
    var controllerObjects = ControllerObjects()
    /// The last changes to the nodes and the open watches.
    var watch = WatchHistory(horizon: NodeDataset.empty.resourceVersion)
    /// Seconds between BOOKMARK events of an idle watch that asked for them.
    var watchBookmarkInterval: Double = 10
}

/// Which listener a request came to.
public enum StandInSide: String, Sendable, Hashable {
    case registry
    case kubernetes
}

/// What the filters decided for one request, with a snapshot of the data to serve it from.
struct RequestPlan: Sendable {
    enum Action: Sendable {
        /// Answer with an injected failure of this status.
        case fail(Int)
        /// Answer 401.
        case unauthorized
        /// Serve the request; truncate listings when `malformed`.
        case serve(malformed: Bool)

        init(_ action: StandInVerdict.Action) {
            switch action {
            case .serve: self = .serve(malformed: false)
            case .serveMalformed: self = .serve(malformed: true)
            case .fail(let status): self = .fail(status)
            case .unauthorized: self = .unauthorized
            }
        }
    }

    var delay: Double
    var action: Action
    var registry: RegistryDataset
    var nodes: NodeDataset
    var pods: PodDataset
    var podsForbidden: Bool
    var controllerObjects: ControllerObjects
}

extension StandInState {
    /// The data a request under `verdict` is served from.
    func plan(_ verdict: StandInVerdict) -> RequestPlan {
        RequestPlan(delay: verdict.delay, action: RequestPlan.Action(verdict.action), registry: registry, nodes: nodes, pods: pods,
                    podsForbidden: podsForbidden, controllerObjects: controllerObjects)
    }
}
