import Foundation
import NubladaEngine
import NubladaStandIn
import NubladaDemo
import Testing

/// The demo's pods (issue 10): the controller's prepull pods follow the simulated pulls, one
/// node's pulls keep failing, a throttled pull is left behind past `prepullTimeout`, and users
/// start and stop labs; seen in the world and through the real clients.
@Suite struct DemoPodTests {
    static let start = DemoHarness.start

    /// Steps `world` until a change matches (nil after `maxSteps`).
    static func step(_ world: inout DemoSimulator, maxSteps: Int = 20_000, until matches: (DemoChange) -> Bool) -> DemoEvent? {
        for _ in 0..<maxSteps {
            if let event = world.step().first(where: { matches($0.change) }) { return event }
        }
        return nil
    }

    static func pod(_ world: DemoSimulator, _ name: String) -> StandInPod? { world.pods().first { $0.name == name } }

    @Test func prepullPodIsCreatedPullsAndIsDeletedOnceTheNodeCachesTheImage() throws {
        var world = DemoSimulator(DemoSettings(seed: 7, start: Self.start))
        let failing = world.failingNode
        let created = try #require(Self.step(&world) {
            if case .podCreated("nublado", _, let node, _) = $0 { node != failing } else { false }
        })
        let (name, node, image) = try #require(bound(created.change) { if case .podCreated(_, let name, let node, let image) = $0 { (name, node, image) } else { nil } }, "expected .podCreated, got \(created.change)")
        let pod = try #require(Self.pod(world, name))
        #expect(pod.namespace == "nublado")
        #expect(pod.labels == ["nublado.lsst.io/category": "prepuller"])
        #expect(pod.nodeName == node)
        #expect(pod.containerName == "prepull")
        #expect(pod.phase == "Pending" && pod.waitingReason == nil)  // served as ContainerCreating
        #expect(pod.ownerPod?.hasPrefix("nublado-controller-") == true && pod.restartPolicy == "Never")
        #expect(pod.image == image)
        let parts = image.split(separator: "@")
        #expect(parts.count == 2 && parts[1].hasPrefix("sha256:") && parts[1].count == 71)
        let tag = try #require(parts[0].split(separator: ":").last.map(String.init))
        #expect(parts[0] == "us-central1-docker.pkg.dev/rubin-shared-services-71ec/sciplat/sciplat-lab:\(tag)")
        #expect(name == "prepull-\(tag.replacingOccurrences(of: "_", with: "-"))-\(node)")
        #expect(world.clusterNode(named: node)?.images.contains { $0.names.contains { $0.hasSuffix(String(parts[1])) } } == false)

        let ended = try #require(Self.step(&world) {
            switch $0 {
            case .podDeleted(_, name), .podChanged(_, name, "Succeeded"): true
            default: false
            }
        })
        // The node reports the image by then; deleted, unless it took longer than the timeout.
        #expect(world.clusterNode(named: node)?.images.contains { $0.names.contains { $0.hasSuffix(String(parts[1])) } } == true)
        if case .podDeleted = ended.change {
            #expect(Self.pod(world, name) == nil)
            #expect(ended.time - created.time < DemoSettings.prepullTimeout)
        }
    }

    @Test func theFailingNodesPullsFailAndStayPending() throws {
        var world = DemoSimulator(DemoSettings(seed: 7, start: Self.start))
        let node = try #require(world.failingNode)
        #expect(world.clusterNode(named: node).map { NodeEligibility(taints: $0.taints, tolerations: world.settings.tolerations).eligible } == true)
        let failed = try #require(Self.step(&world) {
            if case .podChanged("nublado", let name, "ErrImagePull") = $0 { name.hasSuffix(node) } else { false }
        })
        let name = try #require(bound(failed.change) { if case .podChanged(_, let name, _) = $0 { name } else { nil } }, "expected .podChanged, got \(failed.change)")
        let pod = try #require(Self.pod(world, name))
        #expect(pod.phase == "Pending" && pod.waitingReason == "ErrImagePull")
        #expect(pod.waitingMessage?.hasPrefix("Failed to pull image \"\(pod.image)\": ") == true)
        #expect(pod.waitingMessage?.hasSuffix("no space left on device: unknown") == true)
        _ = try #require(Self.step(&world) { $0 == .podChanged(namespace: "nublado", name: name, state: "ImagePullBackOff") })
        #expect(Self.pod(world, name)?.waitingMessage == "Back-off pulling image \"\(pod.image)\"")
        // The controller gives up after its timeout and leaves the pod, still failing.
        let timedOut = try #require(Self.step(&world) {
            $0 == .podChanged(namespace: "nublado", name: name, state: "left behind after prepullTimeout")
        })
        let created = RFC3339.parse(pod.creationTimestamp) ?? 0
        #expect(abs(timedOut.time - created - DemoSettings.prepullTimeout) < 1)
        #expect(Self.pod(world, name)?.phase == "Pending")
        #expect(PullState.failingReasons.contains(Self.pod(world, name)?.waitingReason ?? ""))
        // One failing pull at a time: none other starts on the node while it is there.
        var others = 0
        _ = try #require(Self.step(&world) { change in
            if case .podCreated("nublado", _, node, _) = change { others += 1 }
            return change == .podDeleted(namespace: "nublado", name: name)
        })
        #expect(others == 0)
        // Cleaned up later; the node never caches what it failed to pull, and tries again.
        let digest = String(pod.image.split(separator: "@")[1])
        #expect(world.clusterNode(named: node)?.images.contains { $0.names.contains { $0.hasSuffix(digest) } } == false)
        _ = try #require(Self.step(&world) { if case .podCreated("nublado", _, node, _) = $0 { true } else { false } })
    }

    @Test func aThrottledPullIsLeftBehindPastTheTimeoutThenCleanedUp() throws {
        var world = DemoSimulator(DemoSettings(seed: 7, start: Self.start))
        let failing = world.failingNode
        let left = try #require(Self.step(&world, maxSteps: 200_000) {
            if case .podChanged("nublado", let name, "left behind after prepullTimeout") = $0 {
                failing.map { !name.hasSuffix($0) } ?? true
            } else { false }
        })
        let name = try #require(bound(left.change) { if case .podChanged(_, let name, _) = $0 { name } else { nil } }, "expected .podChanged, got \(left.change)")
        #expect(Self.pod(world, name)?.phase == "Pending")
        _ = try #require(Self.step(&world) { $0 == .podChanged(namespace: "nublado", name: name, state: "Succeeded") })
        #expect(Self.pod(world, name)?.phase == "Succeeded")
        _ = try #require(Self.step(&world) { $0 == .podDeleted(namespace: "nublado", name: name) })
        #expect(Self.pod(world, name) == nil)
    }

    @Test func usersStartAndStopLabsAndOneKeepsAnOldWeekly() throws {
        var world = DemoSimulator(DemoSettings(seed: 7, start: Self.start))
        let labs = world.pods().filter { $0.labels["nublado.lsst.io/category"] == "lab" }
        #expect(labs.count == 6)
        for lab in labs {
            #expect(lab.namespace.hasPrefix("nublado-") && lab.name == "nb-" + lab.namespace.dropFirst("nublado-".count))
            #expect(lab.containerName == "notebook" && lab.phase == "Running" && lab.ownerPod == nil)
            #expect(lab.image.hasPrefix("us-central1-docker.pkg.dev/rubin-shared-services-71ec/sciplat/sciplat-lab@sha256:"))
        }
        let old = try #require(labs.first { $0.namespace == "nublado-amorgan" })
        let oldDigest = String(old.image.split(separator: "@")[1])
        #expect(!world.prepullDigests.contains(oldDigest))
        #expect(world.registryEntries.first { $0.nameAndDigest?.digest == oldDigest }?.tags.first?.hasPrefix("w_") == true)
        #expect(labs.filter { $0.namespace != old.namespace }.allSatisfy { world.prepullDigests.contains(String($0.image.split(separator: "@")[1])) })

        let started = try #require(Self.step(&world) { if case .podCreated(let namespace, _, _, _) = $0 { namespace != "nublado" } else { false } })
        let (namespace, name) = try #require(bound(started.change) { if case .podCreated(let namespace, let name, _, _) = $0 { (namespace, name) } else { nil } }, "expected .podCreated, got \(started.change)")
        #expect(Self.pod(world, name)?.phase == "Pending")
        _ = try #require(Self.step(&world) { $0 == .podChanged(namespace: namespace, name: name, state: "Running") })
        #expect(Self.pod(world, name)?.phase == "Running")
        _ = try #require(Self.step(&world) { if case .podDeleted(let gone, _) = $0 { gone != "nublado" } else { false } })
        // A week later the old weekly's lab still runs.
        _ = world.advance(to: world.now + 7 * 86_400)
        #expect(world.pods().contains { $0.namespace == "nublado-amorgan" && $0.image == old.image && $0.phase == "Running" })
    }

    @Test func dockerDemoPodsUseTheDockerRepository() throws {
        var world = DemoSimulator(DemoSettings(seed: 7, start: Self.start, kind: .docker))
        _ = try #require(Self.step(&world) { if case .podCreated("nublado", _, _, _) = $0 { true } else { false } })
        let pods = world.pods()
        #expect(pods.contains { $0.containerName == "prepull" })
        #expect(pods.allSatisfy { $0.image.hasPrefix("ghcr.io/lsst-sqre/sciplat-lab") })
    }

    @Test func theClockPlacesPodsOnTheWallClock() throws {
        let world = DemoSimulator(DemoSettings(seed: 7, start: Self.start))
        let clock = DemoClock(simulatedStart: Self.start, realStart: 1_000_000, speed: 60)
        #expect(clock.real(Self.start + 600) == 1_000_010)
        #expect(clock.realDuration(DemoSettings.prepullTimeout) == 10)
        // The configuration says the same timeout, on the wall clock.
        #expect(world.settings.configurationYAML(speed: 60).contains("\n  prepullTimeout: 10\n"))
        #expect(world.settings.configurationYAML.contains("\n  prepullTimeout: 600\n"))
        let simulated = Dictionary(uniqueKeysWithValues: world.pods().map { ($0.name, RFC3339.parse($0.creationTimestamp) ?? 0) })
        for pod in world.pods(clock: clock) {
            let expected = try #require(simulated[pod.name])
            #expect(abs((RFC3339.parse(pod.creationTimestamp) ?? 0) - clock.real(expected)) < 1, "\(pod.name)")
        }
    }

    /// Through the real clients: the failing node's pull counts as failing (or stuck, once
    /// past the timeout) in the snapshot's activity, with the kubelet's message.
    @Test func theSnapshotSeesTheFailingPull() throws {
        let demo = try DemoHarness()
        let node = try #require(demo.world.failingNode)
        _ = try #require(demo.step { if case .podChanged("nublado", let name, "ErrImagePull") = $0 { name.hasSuffix(node) } else { false } })
        let (_, result) = try demo.refresher.snapshotWithActivity(now: demo.world.now)
        let activity = try #require(bound(result) { if case .activity(let activity) = $0 { activity } else { nil } }, "no activity: \(result)")
        #expect(activity.totals.failing >= 1)
        let failing = try #require(activity.prepullPods.first { $0.pod.nodeName == node && $0.state == .failing })
        #expect(failing.pod.waitingMessage?.contains("no space left on device") == true)
        #expect(failing.digest.map { activity.state(node: node, digest: $0) } == .failing)
        #expect(activity.inUse.values.reduce(0) { $0 + $1.pods.count } >= 6)
    }
}
