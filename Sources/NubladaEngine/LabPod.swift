/// A pod of the Nublado lab controller, as much of it as activity needs: the prepull pods
/// (`nublado.lsst.io/category: prepuller`) that pull images onto nodes, and the users' lab pods
/// (`nublado.lsst.io/category: lab`) whose images are in use. The Kubernetes client decodes it;
/// the engine only reads it, so it is a plain value.
public struct LabPod: Hashable, Sendable {
    /// The value of the `nublado.lsst.io/category` label that matters here.
    public enum Category: String, Hashable, Sendable {
        case prepuller
        case lab
    }

    public var namespace: String
    public var name: String
    public var category: Category
    /// `spec.nodeName`; nil while a lab pod is not scheduled.
    public var nodeName: String?
    /// `status.phase`: `Pending`, `Running`, `Succeeded`, `Failed`, `Unknown`.
    public var phase: String
    /// `metadata.creationTimestamp`, seconds since the epoch.
    public var createdAt: Double?
    /// The image of the pod's container (`prepull` or `notebook`).
    public var image: String
    /// The container's `state.waiting` reason and message, while it waits.
    public var waitingReason: String?
    public var waitingMessage: String?
    /// The owner reference, as `Kind/name` (the controller pod for prepull pods).
    public var owner: String?

    public init(namespace: String, name: String, category: Category, nodeName: String?, phase: String,
                createdAt: Double?, image: String, waitingReason: String? = nil, waitingMessage: String? = nil,
                owner: String? = nil) {
        self.namespace = namespace
        self.name = name
        self.category = category
        self.nodeName = nodeName
        self.phase = phase
        self.createdAt = createdAt
        self.image = image
        self.waitingReason = waitingReason
        self.waitingMessage = waitingMessage
        self.owner = owner
    }

    /// Still holds its node and image: not `Succeeded` or `Failed`.
    var isActive: Bool { phase != "Succeeded" && phase != "Failed" }
}
