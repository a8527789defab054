/// What a prepull pod says about a pull in flight, for one node and one image.
/// Ordered by urgency: where several pods cover one cell, the most urgent state shows.
public enum PullState: Int, Hashable, Sendable, Comparable, CaseIterable {
    /// Pending and pulling (`ContainerCreating`, `PodInitializing`, or not yet waiting).
    case pulling
    /// Pending and waiting in one of `PullState.failingReasons`.
    case failing
    /// Older than the controller's `prepullTimeout`: the controller gave up and left it behind.
    case stuck

    /// The waiting reasons with which a pull never finishes on its own.
    public static let failingReasons: Set<String> = [
        "ErrImagePull", "ImagePullBackOff", "InvalidImageName", "CreateContainerConfigError",
    ]

    /// The state of one prepull pod at `now`, nil when it is not pulling (it ran or ended and
    /// the controller is about to delete it). Whether the node already caches the image is
    /// decided by the caller: cached always wins.
    public static func of(_ pod: LabPod, now: Double, prepullTimeout: Double) -> PullState? {
        if let created = pod.createdAt, now - created > prepullTimeout { return .stuck }
        guard pod.phase == "Pending" else { return nil }
        if let reason = pod.waitingReason, failingReasons.contains(reason) { return .failing }
        return .pulling
    }

    public static func < (a: PullState, b: PullState) -> Bool { a.rawValue < b.rawValue }

    /// The word used in documents and messages.
    public var name: String {
        switch self {
        case .pulling: "pulling"
        case .failing: "failing"
        case .stuck: "stuck"
        }
    }
}
