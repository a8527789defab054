import NubladaStandIn

/// The prepuller at work: every eligible node pulls the images it is missing, one at a time,
/// taking as long as its bandwidth and the image's size say.
extension DemoSimulator {
    /// Seconds a node spends unpacking an image after downloading it.
    static let unpackTime = 20.0...75.0

    /// Queues on every eligible node the prepull images it lacks (and clears the queue of
    /// nodes the prepuller may not use); idle nodes start after the prepuller notices,
    /// `startWithin` seconds from now.
    mutating func replan(startWithin delay: ClosedRange<Double>) {
        let wanted = Set(prepull.map(\.digest))
        for index in nodes.indices {
            var node = nodes[index]
            if plan.isEligible(node) {
                let cached = Set(node.images.map(\.digest))
                node.queue.removeAll { !wanted.contains($0) || cached.contains($0) }
                for target in prepull where !node.caches(target.digest) && node.pulling != target.digest
                    && !node.queue.contains(target.digest)
                {
                    node.queue.append(target.digest)
                }
            } else {
                node.queue.removeAll()
            }
            if !node.queue.isEmpty && node.pulling == nil && !node.startScheduled {
                node.startScheduled = true
                agenda.schedule(.startPull(node: node.name), at: now + random.between(delay.lowerBound, delay.upperBound))
            }
            nodes[index] = node
        }
    }

    /// One pull in this many on an ordinary node is throttled (a slow registry mirror): it takes
    /// longer than the controller's `prepullTimeout`, and its pod is left behind.
    static let slowPullOdds: UInt64 = 20
    /// How much longer a throttled pull takes, in seconds.
    static let slowPullDelay = 900.0...1_500.0
    /// How long a prepull pod the controller left behind stays until someone deletes it.
    static let leftBehindLifetime = 1_800.0...5_400.0
    /// The kubelet's longest back-off between tries of a failing pull.
    static let longestBackOff = 300.0

    mutating func startPull(_ name: String) -> [DemoChange] {
        guard let index = nodes.firstIndex(where: { $0.name == name }) else { return [] }
        var node = nodes[index]
        defer { nodes[index] = node }
        node.startScheduled = false
        guard node.pulling == nil, plan.isEligible(node) else { return [] }
        let wanted = Set(prepull.map(\.digest))
        let cached = Set(node.images.map(\.digest))
        node.queue.removeAll { !wanted.contains($0) || cached.contains($0) }
        // The failing node tries again once its pod left behind is gone (one failing pull at a
        // time keeps the demo's pod changes few).
        if node.role == .failingPulls && prepullPods.values.contains(where: { $0.node == name }) { return [] }
        // A pod left behind for an image blocks a new one of the same name (the controller's
        // create fails): the next image goes first, or the next refresh tries again.
        guard let position = node.queue.firstIndex(where: { prepullPods[podName(digest: $0, node: name)] == nil }) else {
            if !node.queue.isEmpty {
                node.startScheduled = true
                agenda.schedule(.startPull(node: name), at: now + 300)
            }
            return []
        }
        let digest = node.queue.remove(at: position)
        node.pulling = digest
        let tag = prepull.first { $0.digest == digest }?.tag ?? digest
        let pod = DemoPrepullPod(node: name, tag: tag, digest: digest, image: "\(registry.reference(tag: tag))@\(digest)",
                                 createdAt: now)
        prepullPods[pod.name] = pod
        if node.role == .failingPulls {
            agenda.schedule(.retryPull(pod: pod.name), at: now + random.between(15, 45))
        } else {
            let size = Double(prepull.first { $0.digest == digest }?.size ?? 5_000_000_000)
            var duration = size / node.bandwidth + random.between(Self.unpackTime.lowerBound, Self.unpackTime.upperBound)
            if random.next() % Self.slowPullOdds == 0 {
                duration += random.between(Self.slowPullDelay.lowerBound, Self.slowPullDelay.upperBound)
            }
            agenda.schedule(.finishPull(node: name, digest: digest), at: now + duration)
        }
        agenda.schedule(.prepullTimedOut(pod: pod.name), at: now + DemoSettings.prepullTimeout)
        return [.podCreated(namespace: DemoPodStyle.controllerNamespace, name: pod.name, node: name, image: pod.image)]
    }

    func podName(digest: String, node: String) -> String {
        DemoPrepullPod.name(tag: prepull.first { $0.digest == digest }?.tag ?? digest, node: node)
    }

    mutating func finishPull(_ name: String, digest: String) -> [DemoChange] {
        guard let index = nodes.firstIndex(where: { $0.name == name }), nodes[index].pulling == digest else { return [] }
        nodes[index].pulling = nil
        let image = registry.images.first { $0.digest == digest }
        let tag = prepull.first { $0.digest == digest }?.tag ?? image?.primaryTag ?? digest
        let target = DemoPrepullTarget(digest: digest, tag: tag, size: image?.size ?? 5_000_000_000)
        if !nodes[index].caches(digest) {
            nodes[index].images.append(DemoClusterBuilder.labImage(target, registry: registry, pulledAt: now))
        }
        nodes[index].collectGarbage(keep: Set(prepull.map(\.digest)))
        if !nodes[index].queue.isEmpty && !nodes[index].startScheduled {
            // The prepuller moves on to the node's next image.
            nodes[index].startScheduled = true
            agenda.schedule(.startPull(node: name), at: now + random.between(5, 30))
        }
        return [.pullFinished(node: name, tag: tag, digest: digest)] + prepullPodRan(node: name, digest: digest)
    }

    /// The pull of a prepull pod is done and its container ran: the controller deletes the pod,
    /// unless it gave up on it, when it stays behind (Succeeded) until cleaned up.
    private mutating func prepullPodRan(node: String, digest: String) -> [DemoChange] {
        guard let (name, pod) = prepullPods.first(where: { $0.value.node == node && $0.value.digest == digest && $0.value.phase == "Pending" })
        else { return [] }
        guard pod.leftBehind else { return deletePrepullPod(name) }
        prepullPods[name]?.phase = "Succeeded"
        return [.podChanged(namespace: DemoPodStyle.controllerNamespace, name: name, state: "Succeeded")]
    }

    mutating func deletePrepullPod(_ name: String) -> [DemoChange] {
        guard prepullPods.removeValue(forKey: name) != nil else { return [] }
        return [.podDeleted(namespace: DemoPodStyle.controllerNamespace, name: name)]
    }

    /// The kubelet of the failing node tries the pull again and fails (`ErrImagePull`), or
    /// waits its back-off (`ImagePullBackOff`), doubling it up to five minutes.
    mutating func retryPull(_ name: String) -> [DemoChange] {
        guard var pod = prepullPods[name], pod.phase == "Pending" else { return [] }
        let next: Double
        if pod.waitingReason == "ErrImagePull" {
            pod.waitingReason = "ImagePullBackOff"
            pod.waitingMessage = DemoPodStyle.backOff(image: pod.image)
            next = pod.backoff
            pod.backoff = min(pod.backoff * 2, Self.longestBackOff)
        } else {
            pod.waitingReason = "ErrImagePull"
            pod.waitingMessage = DemoPodStyle.pullError(image: pod.image, digest: pod.digest)
            next = random.between(5, 15)
        }
        prepullPods[name] = pod
        agenda.schedule(.retryPull(pod: name), at: now + next)
        return [.podChanged(namespace: DemoPodStyle.controllerNamespace, name: name, state: pod.waitingReason ?? "")]
    }

    /// The controller's `prepullTimeout` passed for a pod still pulling: it stops waiting and
    /// leaves the pod where it is. A throttled pull goes on downloading and its pod stays once
    /// done; the failing node's pull is over, and the node pulls again once the pod is gone.
    mutating func prepullTimedOut(_ name: String) -> [DemoChange] {
        guard let pod = prepullPods[name], pod.phase == "Pending", !pod.leftBehind else { return [] }
        prepullPods[name]?.leftBehind = true
        agenda.schedule(.removePrepullPod(pod: name),
                        at: now + random.between(Self.leftBehindLifetime.lowerBound, Self.leftBehindLifetime.upperBound))
        if let index = nodes.firstIndex(where: { $0.name == pod.node }), nodes[index].role == .failingPulls,
           nodes[index].pulling == pod.digest {
            nodes[index].pulling = nil
            nodes[index].queue.append(pod.digest)
        }
        return [.podChanged(namespace: DemoPodStyle.controllerNamespace, name: name, state: "left behind after prepullTimeout")]
    }

    /// Someone deletes a prepull pod the controller left behind; a node with pulls waiting
    /// starts the next soon after.
    mutating func cleanUpPrepullPod(_ name: String) -> [DemoChange] {
        guard let node = prepullPods[name]?.node else { return [] }
        let changes = deletePrepullPod(name)
        if let index = nodes.firstIndex(where: { $0.name == node }), nodes[index].pulling == nil,
           !nodes[index].queue.isEmpty, !nodes[index].startScheduled {
            nodes[index].startScheduled = true
            agenda.schedule(.startPull(node: node), at: now + random.between(5, 30))
        }
        return changes
    }

    /// The prepull pods of a node that left (the pod garbage collector deletes them).
    mutating func deletePrepullPods(onNode node: String) -> [DemoChange] {
        prepullPods.values.filter { $0.node == node }.map(\.name).sorted().flatMap { deletePrepullPod($0) }
    }
}
