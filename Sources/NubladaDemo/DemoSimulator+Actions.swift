import NubladaEngine
import NubladaStandIn

/// What each scripted action does to the world.
extension DemoSimulator {
    /// A temporary taint the prepuller does not tolerate.
    static let pressureTaint = Taint(key: "node.kubernetes.io/memory-pressure", effect: "NoSchedule")

    mutating func perform(_ action: DemoAction) -> [DemoChange] {
        switch action {
        case .planDay(let day):
            planDay(day)
            return []
        case .pushDaily(let day):
            return push(tag: DemoCalendar.dailyTag(day), alias: "latest_daily", prefix: "d_",
                        keep: DemoRegistryBuilder.dailyWindow)
        case .pushWeekly(let day):
            let weekly = push(tag: DemoCalendar.weeklyTag(day), alias: "latest_weekly", prefix: "w_",
                              keep: DemoRegistryBuilder.weeklyWindow)
            return weekly + pushCycleBuild(of: DemoCalendar.weeklyTag(day))
        case .moveRecommended: return moveRecommended()
        case .holdRecommendedBack: return holdRecommendedBack()
        case .restoreRecommended: return restoreRecommended()
        case .joinNode: return joinNode()
        case .leaveNode: return leaveNode()
        case .taintNode: return taintNode()
        case .untaintNode: return untaintNode()
        case .registryFailures(let count): return [.registryFailures(count: count, status: 503)]
        case .kubernetesFailures(let count): return [.kubernetesFailures(count: count, status: 503)]
        case .answerDelay(let seconds): return [.answerDelay(seconds: seconds)]
        case .startPull(let node): return startPull(node)
        case .finishPull(let node, let digest): return finishPull(node, digest: digest)
        case .retryPull(let pod): return retryPull(pod)
        case .prepullTimedOut(let pod): return prepullTimedOut(pod)
        case .removePrepullPod(let pod): return cleanUpPrepullPod(pod)
        case .userActivity: return userActivity()
        case .labReady(let user): return labReady(user)
        }
    }

    /// Pushes a build, moves its `latest_` alias onto it and applies retention.
    private mutating func push(tag: String, alias: String, prefix: String, keep: Int) -> [DemoChange] {
        guard let image = pushBuild(tag: tag) else { return [] }
        var changes: [DemoChange] = [.imagePushed(tag: tag, digest: image.digest)]
        let from = registry.moveAlias(alias, to: tag)
        changes.append(.aliasMoved(alias: alias, from: from, to: tag))
        let pruned = registry.prune(prefix: prefix, keep: keep)
        if !pruned.isEmpty { changes.append(.imagesPruned(tags: pruned)) }
        registryChanged()
        return changes
    }

    /// A site that keeps a SAL cycle gets that cycle's build of each new weekly (the builds
    /// it can prepull); other sites' weeklies come alone.
    private mutating func pushCycleBuild(of weekly: String) -> [DemoChange] {
        guard settings.prepuller.cycle != nil else { return [] }
        let tag = "\(weekly)_c\(DemoRegistryBuilder.cycle).001"
        guard let image = pushBuild(tag: tag) else { return [] }
        var changes: [DemoChange] = [.imagePushed(tag: tag, digest: image.digest)]
        let pruned = registry.prune(prefix: "w_", keep: DemoRegistryBuilder.cycleBuildWindow, cycleBuilds: true)
        if !pruned.isEmpty { changes.append(.imagesPruned(tags: pruned)) }
        registryChanged()
        return changes
    }

    /// A new build of the lab image under `tag`, pushed now; nil when the tag exists.
    private mutating func pushBuild(tag: String) -> DemoImage? {
        guard registry.image(withTag: tag) == nil else { return nil }
        let image = DemoImage(name: registry.source.image, digest: random.digest(), tags: [tag],
                              size: DemoRegistryBuilder.labSize(ageDays: 0, random: &random), uploadTime: now)
        registry.push(image)
        return image
    }

    /// The recommended alias moves on to the weekly after the one it points at: a plain weekly,
    /// or at a site that keeps a SAL cycle, that cycle's next build.
    private mutating func moveRecommended() -> [DemoChange] {
        guard let current = registry.image(withTag: settings.prepuller.recommendedTag) else { return [] }
        let weeklies = recommendableWeeklies()
        guard let next = weeklies.filter({ $0.uploadTime > current.uploadTime }).min(by: { $0.uploadTime < $1.uploadTime })
        else { return [] }
        let from = registry.moveAlias(settings.prepuller.recommendedTag, to: next.primaryTag)
        registryChanged()
        return [.aliasMoved(alias: settings.prepuller.recommendedTag, from: from, to: next.primaryTag)]
    }

    /// The weeklies `recommended` may point at, newest first: plain weeklies, or at a site that
    /// keeps a SAL cycle, that cycle's builds.
    private func recommendableWeeklies() -> [DemoImage] {
        let cycleMark = "_c\(DemoRegistryBuilder.cycle)"
        return registry.images.filter {
            $0.name == registry.source.image && $0.primaryTag.hasPrefix("w_")
                && (settings.prepuller.cycle == nil ? !$0.primaryTag.contains("_c") : $0.primaryTag.contains(cycleMark))
        }.sorted { $0.uploadTime > $1.uploadTime }
    }

    /// `recommended` is held back on the weekly `DemoSettings.heldBackWeeks` older than the
    /// newest (or the oldest kept), which the controller does not prepull as a weekly: a Docker
    /// source knows its digest only through the alias, and finds its tag by a search.
    private mutating func holdRecommendedBack() -> [DemoChange] {
        let alias = settings.prepuller.recommendedTag
        guard recommendedBeforeHold == nil, let current = registry.image(withTag: alias) else { return [] }
        let weeklies = recommendableWeeklies()
        let index = min(DemoSettings.heldBackWeeks, weeklies.count - 1)
        guard index >= settings.prepuller.numWeeklies, weeklies[index].primaryTag != current.primaryTag else { return [] }
        recommendedBeforeHold = current.primaryTag
        let from = registry.moveAlias(alias, to: weeklies[index].primaryTag)
        registryChanged()
        return [.aliasMoved(alias: alias, from: from, to: weeklies[index].primaryTag)]
    }

    /// `recommended` goes back to the weekly it pointed at before it was held back (while that
    /// weekly is still kept).
    private mutating func restoreRecommended() -> [DemoChange] {
        guard let before = recommendedBeforeHold else { return [] }
        recommendedBeforeHold = nil
        guard registry.image(withTag: before) != nil else { return [] }
        let alias = settings.prepuller.recommendedTag
        let from = registry.moveAlias(alias, to: before)
        registryChanged()
        return [.aliasMoved(alias: alias, from: from, to: before)]
    }

    private mutating func joinNode() -> [DemoChange] {
        let labNodes = nodes.filter { $0.pool == DemoClusterBuilder.labPool }
        guard labNodes.count < Self.labPoolRange.upperBound else { return [] }
        let node = builder.makeNode(pool: DemoClusterBuilder.labPool, zoneIndex: Int(random.next() % 3),
                                    existing: Set(nodes.map(\.name)), random: &random)
        nodes.append(node)
        replan(startWithin: 30...180)
        return [.nodeJoined(node: node.name)]
    }

    private mutating func leaveNode() -> [DemoChange] {
        let candidates = nodes.indices.filter {
            nodes[$0].pool == DemoClusterBuilder.labPool && nodes[$0].role == .ordinary
                && nodes[$0].name != taintedNode && nodes[$0].pulling == nil && !hostsLab(nodes[$0].name)
        }
        guard nodes.filter({ $0.pool == DemoClusterBuilder.labPool }).count > Self.labPoolRange.lowerBound,
              !candidates.isEmpty
        else { return [] }
        let index = candidates[Int(random.next() % UInt64(candidates.count))]
        let name = nodes[index].name
        nodes.remove(at: index)
        return [.nodeLeft(node: name)] + deletePrepullPods(onNode: name)
    }

    private mutating func taintNode() -> [DemoChange] {
        guard taintedNode == nil else { return [] }
        let candidates = nodes.indices.filter { nodes[$0].pool == DemoClusterBuilder.labPool && nodes[$0].role == .ordinary }
        guard !candidates.isEmpty else { return [] }
        let index = candidates[Int(random.next() % UInt64(candidates.count))]
        nodes[index].taints.append(Self.pressureTaint)
        taintedNode = nodes[index].name
        replan(startWithin: 30...180)
        return [.nodeTainted(node: nodes[index].name, taint: Self.pressureTaint)]
    }

    private mutating func untaintNode() -> [DemoChange] {
        guard let name = taintedNode else { return [] }
        taintedNode = nil
        guard let index = nodes.firstIndex(where: { $0.name == name }) else { return [] }
        nodes[index].taints.removeAll { $0 == Self.pressureTaint }
        replan(startWithin: 30...180)
        return [.nodeUntainted(node: name, taint: Self.pressureTaint)]
    }

    /// The listing changed: recompute the prepull set and queue what is missing.
    private mutating func registryChanged() {
        prepull = plan.targets(for: registry.entries)
        replan(startWithin: 20...420)
    }
}
