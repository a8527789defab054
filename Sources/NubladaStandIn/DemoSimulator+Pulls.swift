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

    mutating func startPull(_ name: String) {
        guard let index = nodes.firstIndex(where: { $0.name == name }) else { return }
        var node = nodes[index]
        defer { nodes[index] = node }
        node.startScheduled = false
        guard node.pulling == nil, plan.isEligible(node) else { return }
        let wanted = Set(prepull.map(\.digest))
        let cached = Set(node.images.map(\.digest))
        node.queue.removeAll { !wanted.contains($0) || cached.contains($0) }
        guard !node.queue.isEmpty else { return }
        let digest = node.queue.removeFirst()
        node.pulling = digest
        let size = Double(prepull.first { $0.digest == digest }?.size ?? 5_000_000_000)
        let duration = size / node.bandwidth + random.between(Self.unpackTime.lowerBound, Self.unpackTime.upperBound)
        agenda.schedule(.finishPull(node: name, digest: digest), at: now + duration)
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
        return [.pullFinished(node: name, tag: tag, digest: digest)]
    }
}
