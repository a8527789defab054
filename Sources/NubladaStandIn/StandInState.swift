/// Everything the two listeners share, replaced under one lock: the data, the fault
/// switches and the counters.
struct StandInState: Sendable {
    var registry = RegistryDataset.empty
    var nodes = NodeDataset.empty
    var pods = PodDataset.empty
    /// Whether pod requests are answered 403 (a user without permission to list pods).
    var podsForbidden = false
    /// The controller's ConfigMap and pull secret.
    var controllerObjects = ControllerObjects()
    var faults = StandInFaults()
    /// Separate malformed switches per side (``StandInFaults/malformed`` sets both).
    var malformedRegistry = false
    var malformedKubernetes = false
    var registryRequests = 0
    var kubernetesRequests = 0
    var registryFaultsServed = 0
    var kubernetesFaultsServed = 0
    /// The last changes to the nodes and the open watches.
    var watch = WatchHistory(horizon: NodeDataset.empty.resourceVersion)
    /// Seconds between BOOKMARK events of an idle watch that asked for them.
    var watchBookmarkInterval: Double = 10

    init(faults: StandInFaults) {
        self.faults = faults
        malformedRegistry = faults.malformed
        malformedKubernetes = faults.malformed
    }
}

/// Which listener a request came to.
public enum StandInSide: String, Sendable, Hashable {
    case registry
    case kubernetes
}

/// What the fault switches decide for one request, taken with a snapshot of the data.
struct RequestPlan: Sendable {
    enum Action: Sendable {
        /// Answer with an injected failure of this status.
        case fail(Int)
        /// Answer 401.
        case unauthorized
        /// Serve the request; truncate listings when `malformed`.
        case serve(malformed: Bool)
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
    /// Counts a request to `side` and consumes one queued failure, if any.
    mutating func plan(for side: StandInSide) -> RequestPlan {
        let action: RequestPlan.Action
        switch side {
        case .registry:
            registryRequests += 1
            if faults.unauthorized {
                action = .unauthorized
            } else if faults.registryFailures > 0 {
                faults.registryFailures -= 1
                registryFaultsServed += 1
                action = .fail(faults.registryFailureStatus)
            } else {
                action = .serve(malformed: malformedRegistry)
            }
        case .kubernetes:
            kubernetesRequests += 1
            if faults.unauthorized {
                action = .unauthorized
            } else if faults.kubernetesFailures > 0 {
                faults.kubernetesFailures -= 1
                kubernetesFaultsServed += 1
                action = .fail(faults.kubernetesFailureStatus)
            } else {
                action = .serve(malformed: malformedKubernetes)
            }
        }
        return RequestPlan(delay: faults.delay, action: action, registry: registry, nodes: nodes, pods: pods,
                           podsForbidden: podsForbidden, controllerObjects: controllerObjects)
    }

    /// The `/stats` document.
    var statsJSON: [UInt8] {
        var writer = JSONWriter()
        writer.raw("{")
        writer.field("registryRequests", registryRequests, first: true)
        writer.field("kubernetesRequests", kubernetesRequests)
        writer.field("registryFaultsServed", registryFaultsServed)
        writer.field("kubernetesFaultsServed", kubernetesFaultsServed)
        writer.field("pendingRegistryFailures", faults.registryFailures)
        writer.field("pendingKubernetesFailures", faults.kubernetesFailures)
        writer.field("registryImages", registry.items.count)
        writer.field("nodes", nodes.records.count)
        writer.field("resourceVersion", String(nodes.resourceVersion))
        writer.key("delay")
        writer.raw(String(faults.delay))
        writer.field("malformedRegistry", malformedRegistry)
        writer.field("malformedKubernetes", malformedKubernetes)
        writer.field("unauthorized", faults.unauthorized)
        writer.raw("}")
        return writer.bytes
    }
}
