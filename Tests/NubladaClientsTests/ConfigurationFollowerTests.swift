import Foundation
@testable import NubladaClients
import NubladaEngine
import NubladaStandIn
import NubladaTestSupport
import Testing

/// Following the controller's ConfigMap: list+watch with a field selector keeps it current, a
/// change is taken at the next refresh and named by key, and a ConfigMap that stops parsing
/// leaves the last good configuration in use, with the reason.
@Suite struct ConfigurationFollowerTests {
    static let namespace = ActivitySettings.defaultControllerNamespace.name

    static func yaml(_ harness: StandInHarness, weeklies: Int) -> String {
        let source = harness.source
        return """
            images:
              source: {type: google, location: \(source.location), projectId: \(source.projectID), repository: \(source.repository), image: \(source.image)}
              numWeeklies: \(weeklies)
            """
    }

    @Test("the informer lists the ConfigMap by name, then its watch brings a change")
    func informerFollowsAChange() async throws {
        let harness = try StandInHarness()
        harness.server.controllerConfig = Self.yaml(harness, weeklies: 2)
        let informer = ConfigMapInformer(client: harness.kubernetes(), object: DeployedConfiguration.object(namespace: Self.namespace))
        defer { informer.stop() }
        let first = try #require(try await blocking { try informer.current() })
        #expect(first.data["config.yaml"]?.contains("numWeeklies: 2") == true)
        // One list, then the watch's own request.
        #expect(await eventually { informer.isWatching && harness.server.kubernetesRequestCount == 2 })
        let requests = harness.server.kubernetesRequestCount
        harness.server.controllerConfig = Self.yaml(harness, weeklies: 4)
        #expect(await eventually { (try? informer.current())??.data["config.yaml"]?.contains("numWeeklies: 4") == true })
        #expect(harness.server.kubernetesRequestCount == requests, "the change came by the watch, with no new list")
    }

    @Test("a change, a broken ConfigMap, a fixed one: changed with its keys, unusable with the last good one, changed")
    func followerChecks() async throws {
        let harness = try StandInHarness()
        harness.server.controllerConfig = Self.yaml(harness, weeklies: 2)
        let client = harness.kubernetes()
        let initial = try await blocking { try DeployedConfiguration.read(from: client, namespace: Self.namespace) }
        let follower = ConfigurationFollower(client: client, namespace: Self.namespace, initial: initial)
        defer { follower.stop() }
        #expect(try await blocking({ follower.check() }).isUnchanged, "the ConfigMap read at start is no change")
        harness.server.controllerConfig = Self.yaml(harness, weeklies: 4)
        let (configuration, changes) = try #require(try await Self.nextCheck(follower) { $0.change != nil }.change)
        #expect(configuration.prepuller.numWeeklies == 4)
        #expect(changes == ["images.numWeeklies 2 → 4"])

        harness.server.controllerConfig = "images: {numWeeklies: 4}\n"
        let reason = try #require(try await Self.nextCheck(follower) { $0.reason != nil }.reason)
        #expect(reason.contains("images.source: missing in nublado/nublado-controller-config"), "\(reason)")
        #expect(reason.contains("the last good configuration (ConfigMap nublado/nublado-controller-config (resourceVersion"), "\(reason)")
        // Asked again, the same version says the same, without parsing it anew.
        let again = try await blocking({ follower.check() }).unusable
        #expect(again?.message == reason, "a broken version stays unusable")
        #expect(again?.side == .configuration && again?.kind == .configuration)
        #expect(again?.place == "nublado/nublado-controller-config")

        harness.server.controllerConfig = Self.yaml(harness, weeklies: 1)
        let fixed = try #require(try await Self.nextCheck(follower) { $0.change != nil }.change)
        #expect(fixed.changes == ["images.numWeeklies 4 → 1"])
    }

    @Test("the dashboard's refresher takes a change at once: the picture, and the announcement")
    func followingRefresherTakesAChange() async throws {
        let harness = try StandInHarness()
        harness.server.controllerConfig = Self.yaml(harness, weeklies: 1)
        let kubeconfig = harness.kubeconfigFile(), endpoint = harness.server.registryURL
        let refresher = try await blocking {
            try ClusterRefresher.make(configPath: nil, kubeconfig: kubeconfig, context: nil, registryEndpoint: endpoint,
                                      environment: ["GOOGLE_OAUTH_ACCESS_TOKEN": "registry-token"])
        }
        let follower = ConfigurationFollower(client: refresher.kubernetes, namespace: Self.namespace, initial: refresher.configuration)
        let following = FollowingRefresher(refresher, follower: follower)
        defer { following.stopWatching() }
        let before = try await blocking { try following.refreshDashboard() }
        #expect(before.notice == nil)
        harness.server.controllerConfig = Self.yaml(harness, weeklies: 3)
        var after = before
        #expect(await eventually {
            after = (try? following.refreshDashboard()) ?? after
            return after.notice != nil
        })
        #expect(after.notice == "configuration changed: images.numWeeklies 1 → 3")
        #expect(following.refresher.configuration.prepuller.numWeeklies == 3)
        let weekliesBefore = try #require(before.data).columns.filter { $0.tag.hasPrefix("w_") }.count
        let weekliesAfter = try #require(after.data).columns.filter { $0.tag.hasPrefix("w_") }.count
        #expect(weekliesAfter > weekliesBefore, "\(weekliesBefore) → \(weekliesAfter) weekly columns")
        let next = try await blocking { try following.refreshDashboard() }
        #expect(next.notice == nil, "announced once")

        // A new version that changes no setting keeps the refresher (and its node and pod watches).
        let kept = following.refresher
        let witness = ConfigurationFollower(client: refresher.kubernetes, namespace: Self.namespace,
                                            initial: kept.configuration)
        defer { witness.stop() }
        harness.server.controllerConfig = Self.yaml(harness, weeklies: 3) + "\n# synced again\n"
        let resynced = try await Self.nextCheck(witness) { $0.change != nil }.change
        #expect(resynced?.changes == [], "a comment is no setting")
        try await Task.sleep(nanoseconds: 500_000_000)
        for _ in 0..<2 {
            let again = try await blocking { try following.refreshDashboard() }
            #expect(again.notice == nil)
        }
        #expect(following.refresher === kept, "nothing rebuilt for a version that changes no setting")

        harness.server.controllerConfig = "images: [\n"
        var marked = next
        #expect(await eventually {
            marked = (try? following.refreshDashboard()) ?? marked
            return marked.failure != nil
        })
        #expect(marked.failure?.message.contains("YAML syntax error") == true, "\(marked.failure?.message ?? "")")
        #expect(marked.failure?.sides.first?.side == .configuration, "the configuration side failed")
        #expect(marked.failure?.sides.first?.kind == .configuration)
        #expect(marked.failure?.partial == true, "the registry and the nodes answered")
        #expect(marked.data?.columns.filter { $0.tag.hasPrefix("w_") }.count == weekliesAfter,
                "the last good configuration stays in use")
    }

    @Test("changes are named by the configuration's keys; a reordering is no change")
    func changesByKey() throws {
        let a = try ControllerConfiguration.parse(yaml: """
            images: {source: {type: docker, registry: ghcr.io, repository: lsst-sqre/sciplat-lab}, numDailies: 3, pin: [w_2026_01]}
            lab: {nodeSelector: {pool: lab}}
            """, file: "a.yaml")
        let b = try ControllerConfiguration.parse(yaml: """
            lab: {nodeSelector: {pool: lab}}
            images: {pin: [w_2026_01, r29_0_0], source: {repository: lsst-sqre/sciplat-lab, registry: ghcr.io, type: docker}, numDailies: 3, cycle: 45}
            """, file: "b.yaml")
        #expect(ControllerConfiguration.keyChanges(from: a, to: a).map(\.announcement).isEmpty)
        #expect(ControllerConfiguration.keyChanges(from: a, to: b).map(\.announcement) == ["images.cycle none → 45", "images.pin [w_2026_01] → [w_2026_01, r29_0_0]"])
    }

    /// Checks until `matches` (the watch brings the change within moments).
    static func nextCheck(_ follower: ConfigurationFollower,
                          _ matches: @escaping @Sendable (ConfigurationFollower.Check) -> Bool) async throws -> ConfigurationFollower.Check {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let check = try await blocking { follower.check() }
            if matches(check) { return check }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        let last = try await blocking { follower.check() }
        try #require(matches(last), "last check: \(last)")
        return last
    }
}

extension ConfigurationFollower.Check {
    var isUnchanged: Bool { if case .unchanged = self { true } else { false } }
    var change: (configuration: ControllerConfiguration, changes: [String])? {
        if case .changed(let configuration, let changes) = self { (configuration, changes) } else { nil }
    }
    var unusable: SideFailure? { if case .unusable(let failure) = self { failure } else { nil } }
    var reason: String? { unusable?.message }
}
