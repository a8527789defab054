import Foundation
import NubladaClients
import NubladaEngine
import NubladaStandIn
import NubladaTestSupport
import NubladaDemo

/// The demo world served by a stand-in, with the real clients built from the demo's own
/// configuration file and kubeconfig. Tests step the world and refresh; nothing waits on
/// the wall clock (the registry client does not retry, so each refresh is one call).
final class DemoHarness {
    static let registryToken = "demo-test-gar"
    static let kubernetesToken = "demo-test-kube"
    /// A Thursday morning, so the first day's script includes a weekly.
    static let start = DemoSettings.startTime(near: 3_402_000_000)

    private(set) var world: DemoSimulator
    let server: StandInServer
    let refresher: ClusterRefresher
    let scratch = ScratchDirectory()

    init(seed: UInt64 = 7) throws {
        world = DemoSimulator(DemoSettings(seed: seed, start: Self.start))
        server = StandInServer(StandInConfiguration(registryToken: Self.registryToken, kubernetesToken: Self.kubernetesToken,
                                                    kubernetesSecurity: StandInTLS()))
        try server.start()
        server.load(world)
        let config = scratch.write("config.yaml", world.settings.configurationYAML)
        let kubeconfig = scratch.write("kubeconfig", DemoSession.kubeconfigYAML(for: server, token: Self.kubernetesToken))
        let connection = try KubeConfigLoader.connection(kubeconfig: kubeconfig, context: nil, environment: [:])
        refresher = ClusterRefresher(
            configuration: try ControllerConfiguration.load(path: config),
            registry: GARClient(endpoint: server.registryURL, tokens: StaticAccessToken(Self.registryToken, source: "test"),
                                retry: .none),
            kubernetes: KubernetesClient(connection: connection))
    }

    deinit { server.stop() }

    /// Steps the world (serving every step) until an event matches; returns that event.
    /// Unless `clearingFaults` is false, the faults of earlier steps are cleared at each step,
    /// so the ones in force are those of the step it stopped at.
    @discardableResult
    func step(until matches: (DemoChange) -> Bool, clearingFaults: Bool = true, maxSteps: Int = 20_000) -> DemoEvent? {
        for _ in 0..<maxSteps {
            if clearingFaults { server.clearFaults() }
            let events = world.step()
            server.apply(events, from: world)
            if let event = events.first(where: { matches($0.change) }) { return event }
        }
        return nil
    }

    /// Advances the world by `seconds` (serving what happens, without its faults).
    func advance(by seconds: Double) {
        let events = world.advance(to: world.now + seconds)
        server.apply(events, from: world)
        server.clearFaults()
    }

    /// One refresh through the clients (a full list of both sides, as `snapshot` makes it),
    /// and the picture the dashboard draws of it.
    func refresh() throws -> DashboardData {
        let picture = try refresher.snapshot(now: world.now)
        lastPicture = picture
        return picture.dashboard
    }

    /// The picture of the last refresh.
    private var lastPicture: ClusterPicture?

    /// The snapshot document of the last refresh, parsed.
    func snapshot() throws -> [String: Any] {
        let text = (lastPicture?.snapshotJSON ?? .null).serialized()
        return try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }
}

extension DashboardData {
    func row(_ tag: String) -> ImageRow? { images.first { $0.tag == tag } }
    func node(_ name: String) -> NodeRow? { nodes.first { $0.name == name } }
    func column(digest: String) -> Int? { columns.firstIndex { $0.digest == digest } }
}

/// `object[key][key]…` of parsed JSON.
func jsonPath(_ value: Any?, _ keys: String...) -> Any? {
    var current = value
    for key in keys { current = (current as? [String: Any])?[key] }
    return current
}
