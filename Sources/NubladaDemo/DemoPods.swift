import NubladaStandIn

/// A prepull pod of the demo's controller: one image pulled onto one node, as the Nublado
/// controller creates it (its own namespace, the `prepuller` category, `spec.nodeName` set,
/// one `prepull` container whose image is `registry/repository:tag@digest`).
struct DemoPrepullPod: Sendable, Hashable {
    var node: String
    var tag: String
    var digest: String
    /// `registry/repository:tag@sha256:…`
    var image: String
    /// Simulated seconds.
    var createdAt: Double
    /// `Pending` while pulling, `Succeeded` once a pod left behind has run.
    var phase = "Pending"
    /// The container's waiting reason while Pending (nil: `ContainerCreating`).
    var waitingReason: String?
    var waitingMessage: String?
    /// The kubelet's next back-off, in seconds, for a pull that keeps failing.
    var backoff = 10.0
    /// The controller gave up on it (its `prepullTimeout` passed): nobody deletes it until
    /// the cleanup scheduled for it.
    var leftBehind = false

    var name: String { Self.name(tag: tag, node: node) }

    /// `prepull-{tag with _ → -}-{node}`, cut to 253 characters, as the controller names it.
    static func name(tag: String, node: String) -> String {
        String("prepull-\(tag.replacingOccurrences(of: "_", with: "-"))-\(node)".prefix(253))
    }
}

/// A user's lab in the demo: one pod in the user's namespace, running one lab image.
struct DemoLab: Sendable, Hashable {
    var user: String
    var node: String
    var tag: String
    var digest: String
    /// `registry/repository@sha256:…`: chosen from the menu, by digest.
    var image: String
    var createdAt: Double
    var running = false
    /// The lab that stays up for weeks on an old weekly; never stopped.
    var longLived = false

    /// The user's namespace, `nublado-USER` as in Phalanx.
    var namespace: String { "nublado-\(user)" }
    var podName: String { "nb-\(user)" }
}

/// How the demo's pods look through the Kubernetes API: names, namespaces, labels and the
/// kubelet's messages, as in a Phalanx deployment of the Nublado controller.
enum DemoPodStyle {
    /// The controller's namespace, where prepull pods run.
    static let controllerNamespace = "nublado"
    /// The controller pod that owns the prepull pods.
    static let controllerPod = "nublado-controller-6f8d9c7b5d-x2k9q"
    static let categoryLabel = "nublado.lsst.io/category"
    /// The users who start labs.
    static let users = [
        "amorgan", "bchen", "cgarcia", "dpatel", "ekim", "fnguyen", "gsmith", "hlopez", "iwang", "jkowalski", "klee", "lrossi",
        "mtanaka", "nsingh", "obrien", "pmartin", "qzhang", "rjones", "sahmed", "tmuller", "ualvarez", "vrao", "wfischer", "xli",
    ]
    /// The user whose lab runs an old weekly for weeks.
    static let longLivedUser = "amorgan"

    /// What the kubelet says when a pull fails on the node with a full disk.
    static func pullError(image: String, digest: String) -> String {
        let layer = String(digest.dropFirst("sha256:".count).reversed())
        return "Failed to pull image \"\(image)\": failed to pull and unpack image \"\(image)\": failed to extract layer "
            + "sha256:\(layer): write /var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/4127/fs/opt/lsst/"
            + "software/stack/conda/lib/libarrow.so.1700: no space left on device: unknown"
    }

    /// What it says while it waits before the next try.
    static func backOff(image: String) -> String { "Back-off pulling image \"\(image)\"" }

    static func prepullPod(_ pod: DemoPrepullPod, clock: DemoClock) -> StandInPod {
        StandInPod(namespace: controllerNamespace, name: pod.name, labels: [categoryLabel: "prepuller"], nodeName: pod.node,
                   phase: pod.phase, creationTimestamp: Timestamps.rfc3339(clock.real(pod.createdAt)), containerName: "prepull",
                   image: pod.image, waitingReason: pod.waitingReason, waitingMessage: pod.waitingMessage,
                   ownerPod: controllerPod, restartPolicy: "Never")
    }

    static func labPod(_ lab: DemoLab, clock: DemoClock) -> StandInPod {
        StandInPod(namespace: lab.namespace, name: lab.podName, labels: [categoryLabel: "lab"], nodeName: lab.node,
                   phase: lab.running ? "Running" : "Pending",
                   creationTimestamp: Timestamps.rfc3339(clock.real(lab.createdAt)), containerName: "notebook",
                   image: lab.image)
    }
}
