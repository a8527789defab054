import NubladaStandIn

/// What the demo world does at a scheduled moment.
enum DemoAction: Sendable, Hashable {
    /// Schedules a day's script (and the next day's planning).
    case planDay(Int)
    case pushDaily(day: Int)
    case pushWeekly(day: Int)
    case moveRecommended
    /// `recommended` is held back on an older weekly outside the prepull set (a Docker world:
    /// its target is then found only by a search of the newest tags' digests) …
    case holdRecommendedBack
    /// … and moved back to where it was.
    case restoreRecommended
    case joinNode
    case leaveNode
    case taintNode
    case untaintNode
    case registryFailures(Int)
    case kubernetesFailures(Int)
    case answerDelay(Double)
    /// The prepuller starts the next pull on a node.
    case startPull(node: String)
    case finishPull(node: String, digest: String)
    /// The kubelet tries a failing pull again (`ErrImagePull`), or backs off (`ImagePullBackOff`).
    case retryPull(pod: String)
    /// The controller's `prepullTimeout` passed for a prepull pod still pulling.
    case prepullTimedOut(pod: String)
    /// Someone cleans up a prepull pod the controller left behind.
    case removePrepullPod(pod: String)
    /// A user starts or stops a lab (and the next such moment is planned).
    case userActivity
    /// A lab's image is there and its notebook runs.
    case labReady(user: String)
}

/// The scheduled actions, earliest first (actions at the same moment in scheduling order).
struct DemoAgenda: Sendable {
    private var items: [(time: Double, order: Int, action: DemoAction)] = []
    private var nextOrder = 0

    var isEmpty: Bool { items.isEmpty }
    var count: Int { items.count }
    var nextTime: Double? { items.first?.time }

    mutating func schedule(_ action: DemoAction, at time: Double) {
        var low = 0, high = items.count
        while low < high {
            let middle = (low + high) / 2
            if items[middle].time <= time { low = middle + 1 } else { high = middle }
        }
        items.insert((time, nextOrder, action), at: low)
        nextOrder += 1
    }

    /// Removes and returns the earliest action due at or before `time`.
    mutating func popDue(at time: Double) -> (time: Double, action: DemoAction)? {
        guard let first = items.first, first.time <= time else { return nil }
        items.removeFirst()
        return (first.time, first.action)
    }
}
