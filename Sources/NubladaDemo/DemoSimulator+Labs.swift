import NubladaStandIn

/// The users: they start labs on recent images (what the menu offers first, which the
/// controller prepulls) and stop them hours later, more of them during the working day; one
/// lab stays up for weeks on an old weekly.
extension DemoSimulator {
    /// Labs running at once, by day (13:00–24:00 UTC, the Americas' working day) and at night.
    static let labsByDay = 12, labsByNight = 5
    /// Minutes between two users starting or stopping a lab.
    static let userActivityGap = 6.0...20.0
    /// How many weeks old the long-lived lab's weekly is.
    static let longLivedWeeklyAge = 20

    /// The labs of the first morning: the long-lived one and a few from earlier that day.
    mutating func startInitialLabs() {
        let weeklies = registry.images.filter { $0.name == registry.source.image && $0.primaryTag.hasPrefix("w_") && !$0.primaryTag.contains("_c") }
            .sorted { $0.uploadTime > $1.uploadTime }
        if weeklies.count > Self.longLivedWeeklyAge, let node = labNodes().first {
            let old = weeklies[Self.longLivedWeeklyAge]
            let target = DemoPrepullTarget(digest: old.digest, tag: old.primaryTag, size: old.size)
            var lab = makeLab(user: DemoPodStyle.longLivedUser, node: node, target: target,
                              createdAt: now - 23 * DemoCalendar.day)
            lab.running = true
            lab.longLived = true
            labs[lab.user] = lab
        }
        for _ in 0..<Self.labsByNight {
            _ = startLab(createdAt: now - random.between(600, 5 * DemoCalendar.hour), running: true)
        }
        agenda.schedule(.userActivity, at: now + random.between(60, 300))
    }

    /// Whether a lab runs (or is starting) on the node.
    func hostsLab(_ node: String) -> Bool { labs.values.contains { $0.node == node } }

    /// Nodes a lab may be scheduled on: the lab pool's usable nodes with room on their disk.
    private func labNodes() -> [String] {
        nodes.filter { $0.pool == DemoClusterBuilder.labPool && plan.isEligible($0) && !$0.unschedulable && $0.role != .failingPulls }
            .map(\.name)
    }

    private mutating func makeLab(user: String, node: String, target: DemoPrepullTarget, createdAt: Double) -> DemoLab {
        DemoLab(user: user, node: node, tag: target.tag, digest: target.digest,
                image: registry.reference(digest: target.digest), createdAt: createdAt)
    }

    /// A user without a lab starts one on a recent image; nil when every user has one or no
    /// node or image is at hand.
    private mutating func startLab(createdAt: Double, running: Bool) -> DemoLab? {
        let idle = DemoPodStyle.users.filter { labs[$0] == nil }
        let candidates = labNodes()
        guard !idle.isEmpty, !candidates.isEmpty, !prepull.isEmpty else { return nil }
        let user = idle[Int(random.next() % UInt64(idle.count))]
        let node = candidates[Int(random.next() % UInt64(candidates.count))]
        let target = prepull[Int(random.next() % UInt64(prepull.count))]
        var lab = makeLab(user: user, node: node, target: target, createdAt: createdAt)
        lab.running = running
        labs[user] = lab
        return lab
    }

    /// One user starts or stops a lab, drawn towards the number of labs of the time of day.
    mutating func userActivity() -> [DemoChange] {
        agenda.schedule(.userActivity,
                        at: now + random.between(Self.userActivityGap.lowerBound, Self.userActivityGap.upperBound) * DemoCalendar.minute)
        let hour = Int((now - DemoCalendar.midnight(DemoCalendar.dayNumber(now))) / DemoCalendar.hour)
        let wanted = hour >= 13 ? Self.labsByDay : Self.labsByNight
        let towards = labs.count < wanted
        let start = random.next() % 3 == 0 ? !towards : towards
        if start {
            guard let lab = startLab(createdAt: now, running: false) else { return [] }
            let cached = nodes.first { $0.name == lab.node }?.caches(lab.digest) ?? false
            let size = Double(registry.images.first { $0.digest == lab.digest }?.size ?? 5_000_000_000)
            let bandwidth = nodes.first { $0.name == lab.node }?.bandwidth ?? 100_000_000
            agenda.schedule(.labReady(user: lab.user), at: now + (cached ? random.between(10, 40) : size / bandwidth + 60))
            return [.podCreated(namespace: lab.namespace, name: lab.podName, node: lab.node, image: lab.image)]
        }
        let stoppable = labs.values.filter { !$0.longLived }.map(\.user).sorted()
        guard !stoppable.isEmpty else { return [] }
        let user = stoppable[Int(random.next() % UInt64(stoppable.count))]
        guard let lab = labs.removeValue(forKey: user) else { return [] }
        return [.podDeleted(namespace: lab.namespace, name: lab.podName)]
    }

    mutating func labReady(_ user: String) -> [DemoChange] {
        guard let lab = labs[user], !lab.running else { return [] }
        labs[user]?.running = true
        return [.podChanged(namespace: lab.namespace, name: lab.podName, state: "Running")]
    }
}
