import NubladaEngine
import NubladaStandIn

/// Something that happened in the demo world, as of a simulated moment.
public struct DemoEvent: Sendable, Hashable, CustomStringConvertible {
    /// Seconds since the epoch (simulated).
    public var time: Double
    public var change: DemoChange

    public init(time: Double, change: DemoChange) {
        self.time = time
        self.change = change
    }

    public var description: String { "\(Timestamps.rfc3339(time)) \(change)" }
}

/// What changed: in the registry, on a node, or in how the APIs answer.
public enum DemoChange: Sendable, Hashable, CustomStringConvertible {
    /// A build was pushed under its own tag.
    case imagePushed(tag: String, digest: String)
    /// An alias tag now points at `to` (it pointed at `from`).
    case aliasMoved(alias: String, from: String?, to: String)
    /// Retention removed old builds.
    case imagesPruned(tags: [String])
    /// A node finished pulling an image (the kubelet now reports it).
    case pullFinished(node: String, tag: String, digest: String)
    /// The autoscaler added a node.
    case nodeJoined(node: String)
    /// The autoscaler removed a node.
    case nodeLeft(node: String)
    case nodeTainted(node: String, taint: Taint)
    case nodeUntainted(node: String, taint: Taint)
    /// The next `failures` registry calls are answered with `status`.
    case registryFailures(count: Int, status: Int)
    /// The next `failures` Kubernetes calls are answered with `status`.
    case kubernetesFailures(count: Int, status: Int)
    /// Every answer now takes this many seconds (0: back to normal).
    case answerDelay(seconds: Double)
    /// A pod of the controller (a prepull or a lab pod) was created.
    case podCreated(namespace: String, name: String, node: String, image: String)
    /// Its state changed: `state` is its phase or its container's waiting reason.
    case podChanged(namespace: String, name: String, state: String)
    case podDeleted(namespace: String, name: String)

    /// The registry listing changed.
    public var changesRegistry: Bool {
        switch self {
        case .imagePushed, .aliasMoved, .imagesPruned: return true
        default: return false
        }
    }

    /// A pod was created, changed or deleted.
    public var changesPods: Bool {
        switch self {
        case .podCreated, .podChanged, .podDeleted: return true
        default: return false
        }
    }

    /// The node whose object changed, if any.
    public var node: String? {
        switch self {
        case .pullFinished(let node, _, _), .nodeJoined(let node), .nodeLeft(let node), .nodeTainted(let node, _),
             .nodeUntainted(let node, _):
            return node
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .imagePushed(let tag, let digest): return "pushed \(tag) (\(digest.prefix(19)))"
        case .aliasMoved(let alias, let from, let to): return "\(alias) moved \(from ?? "-") → \(to)"
        case .imagesPruned(let tags): return "retention removed \(tags.joined(separator: ", "))"
        case .pullFinished(let node, let tag, _): return "\(node) pulled \(tag)"
        case .nodeJoined(let node): return "\(node) joined"
        case .nodeLeft(let node): return "\(node) left"
        case .nodeTainted(let node, let taint): return "\(node) tainted \(taint.key):\(taint.effect)"
        case .nodeUntainted(let node, let taint): return "\(node) untainted \(taint.key)"
        case .registryFailures(let count, let status): return "registry answers the next \(count) calls with \(status)"
        case .kubernetesFailures(let count, let status): return "Kubernetes answers the next \(count) calls with \(status)"
        case .answerDelay(let seconds): return seconds > 0 ? "answers take \(seconds)s" : "answers are prompt again"
        case .podCreated(let namespace, let name, let node, let image):
            return "pod \(namespace)/\(name) created on \(node) (\(image.split(separator: "/").last ?? ""))"
        case .podChanged(let namespace, let name, let state): return "pod \(namespace)/\(name) \(state)"
        case .podDeleted(let namespace, let name): return "pod \(namespace)/\(name) deleted"
        }
    }
}
