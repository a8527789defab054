import ArgumentParser
import Foundation
import NubladaClients
import NubladaEngine
import NubladaTUI

/// `nubladash` / `nubladash dashboard`: the terminal dashboard.
struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard", abstract: "Open the terminal dashboard (the default command).")

    @OptionGroup var cluster: ClusterOptions<Listed>

    @Option(help: "Seconds between refreshes, 5 to 86400 (default: the configuration's refreshInterval, else 60).",
            transform: RefreshInterval.argument)
    var refresh: RefreshInterval?

    @Option(help: "Theme name (default, light, solarized-dark, high-contrast, colour-blind-safe, monochrome) or a .theme file.")
    var theme: String = "default"

    @Flag(help: "Draw with ASCII characters only.")
    var ascii = false

    @Option(name: .customLong("environment"), help: "With --demo: open this demo environment alone (\(DemoEnvironments.names)).")
    var demoEnvironment: String?

    func validate() throws {
        try DemoEnvironments.validate(self)
    }

    func run() throws {
        StartupEnvironment.ensure()
        if let contexts = ContextsOption.environments(cluster) {
            try OverviewLaunch.open(contexts, refresh: refresh, theme: theme, ascii: ascii, dockerConfig: cluster.dockerConfig)
        }
        if let file = cluster.environmentsFile {
            try OverviewLaunch.open(file: file, refresh: refresh, theme: theme, ascii: ascii, dockerConfig: cluster.dockerConfig,
                                    clusterSecrets: !cluster.noClusterSecrets)
        }
        if cluster.demo && cluster.demoSource == nil { try DemoEnvironments.open(self) }
        let refresher: FollowingRefresher
        do { refresher = try cluster.makeDashboardRefresher() } catch { throw fail("\(error)") }
        // The demo world changes quickly: refresh as often as allowed unless told otherwise.
        try Self.open(refresher: refresher, refresh: refresh ?? (cluster.demo ? .fastest : nil), theme: theme, ascii: ascii)
    }

    /// Opens the dashboard on a refresher (also used by the demo).
    static func open(refresher following: FollowingRefresher, refresh: RefreshInterval?, theme: String, ascii: Bool) throws -> Never {
        let refresher = following.refresher
        let connection = refresher.kubernetes.connection
        let interval = refresh ?? refresher.configuration.refreshInterval ?? .standard
        let options = DashboardOptions(
            contextName: "\(connection.contextName) (\(connection.clusterName))", refreshInterval: interval,
            theme: ThemeChoice(argument: theme), ascii: ascii)
        let runtime = DashboardRuntime(options: options) {
            following.dashboardOutcome()
        } resolveDigest: { tag in
            try following.refresher.typedDigest(tag: tag)
        } waitingOn: {
            following.refresher.waitingOn
        }
        do { try runtime.run() } catch { throw fail("\(error)") }
    }
}
