import ArgumentParser
import NubladaClients
import NubladaDemo
import NubladaEngine
import NubladaTUI

/// The demo's environments (`nubladash --demo`): four simulated clusters,
/// each with a stand-in of its own, read through the production clients like the single
/// demo. An IDF-like one on Artifact Registry, a USDF-like one on a ghcr-like Docker registry,
/// a summit-like one that keeps only SAL cycle 0050 (recommending
/// `recommended_c0050`, from a private ts-dockerhub-like registry, its nodes pulling that
/// prepull set), and a dev one whose APIs go down
/// for 25 s every 2 minutes (`DemoOutage`), so it goes stale and recovers. `--demo --environment NAME` opens one of them alone.
enum DemoEnvironments {
    struct Demo {
        var name: String
        var seed: UInt64
        var kind: DemoRegistryKind
        /// `images.cycle`: keep only this SAL cycle's tags.
        var cycle: Int?
        /// Whether its APIs go down now and then (`DemoOutage`).
        var outages = false
    }

    static let all = [
        Demo(name: "idfdemo", seed: 1, kind: .google),
        Demo(name: "usdfdemo", seed: 2, kind: .docker),
        Demo(name: "summitdemo", seed: 3, kind: .docker, cycle: DemoSettings.summitCycle),
        Demo(name: "devdemo", seed: 4, kind: .google, outages: true),
    ]

    static var names: String { all.map(\.name).joined(separator: ", ") }

    /// `--environment NAME`: one of `all`.
    static func named(_ name: String) throws -> Demo {
        guard let demo = all.first(where: { $0.name == name }) else {
            throw ValidationError("--environment: no demo environment '\(name)' (there are \(names))")
        }
        return demo
    }

    /// Starts demo `demo` and returns its refresher.
    static func refresher(_ demo: Demo, speed: Double) throws -> ClusterRefresher {
        try DemoLaunch.refresher(speed: speed, seed: demo.seed, kind: demo.kind, cycle: demo.cycle, outages: demo.outages)
    }

    /// The checks of `--environment`.
    static func validate(_ command: DashboardCommand) throws {
        guard let name = command.demoEnvironment else { return }
        guard command.cluster.demo else { throw ValidationError("--environment goes with --demo (it names a demo environment)") }
        if command.cluster.demoSource != nil { throw ValidationError("--environment names its own source: drop --source") }
        _ = try named(name)
    }

    /// `--demo`: the overview of all four, or with `--environment` one alone. The demo worlds
    /// change quickly: they refresh as often as allowed unless told otherwise.
    static func open(_ command: DashboardCommand) throws -> Never {
        let refresh = command.refresh ?? .fastest
        do {
            if let name = command.demoEnvironment {
                let refresher = try Self.refresher(named(name), speed: command.cluster.demoSpeed)
                // The demo's configuration is its ConfigMap's: followed as a cluster's is.
                let following = FollowingRefresher.following(refresher, registryEndpoint: refresher.registry.endpoint,
                                                             dockerConfig: nil, clusterSecrets: true)
                try DashboardCommand.open(refresher: following, refresh: refresh, theme: command.theme, ascii: command.ascii)
            }
            try openOverview(speed: command.cluster.demoSpeed, refresh: refresh, theme: command.theme, ascii: command.ascii)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw fail("\(error)")
        }
    }

    /// Starts all four and opens the overview on them.
    static func openOverview(speed: Double, refresh: RefreshInterval, theme: String, ascii: Bool) throws -> Never {
        try OverviewLaunch.run(entries(speed: speed, refresh: refresh), theme: theme, ascii: ascii)
    }

    /// All four started, as the overview's (and `serve --demo`'s) environments.
    static func entries(speed: Double, refresh: RefreshInterval) throws -> [OverviewLaunch.Entry] {
        try all.map { demo in
            let refresher = try Self.refresher(demo, speed: speed)
            let connection = refresher.kubernetes.connection
            return OverviewLaunch.Entry(
                name: demo.name, source: OverviewLaunch.sourceLabel(refresher.configuration.prepuller.source),
                options: DashboardOptions(contextName: "\(demo.name): \(connection.contextName) (\(connection.clusterName))",
                                          refreshInterval: refresh),
                refresher: .success(DeferredRefresher(.following(refresher, registryEndpoint: refresher.registry.endpoint,
                                                                 dockerConfig: nil, clusterSecrets: true))))
        }
    }
}
