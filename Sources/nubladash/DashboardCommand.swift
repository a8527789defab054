import ArgumentParser
import Foundation
import NubladaClients
import NubladaEngine
import NubladaTUI

/// `nubladash` / `nubladash dashboard`: the terminal dashboard.
struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard", abstract: "Open the terminal dashboard (the default command).")

    @OptionGroup var cluster: ClusterOptions

    @Option(help: "Seconds between refreshes, 5 to 86400 (default: the configuration's refreshInterval, else 60).",
            transform: RefreshInterval.argument)
    var refresh: RefreshInterval?

    @Option(help: "Theme name (default, light, solarized-dark, high-contrast, colour-blind-safe, monochrome) or a .theme file.")
    var theme: String = "default"

    @Flag(help: "Draw with ASCII characters only.")
    var ascii = false

    func run() throws {
        BacktraceSetting.ensureNonInteractive()
        let refresher: ClusterRefresher
        do { refresher = try cluster.makeRefresher() } catch { throw fail("\(error)") }
        // The demo world changes quickly: refresh as often as allowed unless told otherwise.
        try Self.open(refresher: refresher, refresh: refresh ?? (cluster.demo ? .fastest : nil), theme: theme, ascii: ascii)
    }

    /// Opens the dashboard on a refresher (also used by the demo).
    static func open(refresher: ClusterRefresher, refresh: RefreshInterval?, theme: String, ascii: Bool) throws -> Never {
        let connection = refresher.kubernetes.connection
        let interval = refresh ?? refresher.configuration.refreshInterval ?? .standard
        let options = DashboardOptions(
            contextName: "\(connection.contextName) (\(connection.clusterName))", refreshInterval: interval,
            theme: ThemeChoice(argument: theme), ascii: ascii)
        let runtime = DashboardRuntime(options: options) {
            let refresh = try refresher.refreshDashboard()
            let failure = refresh.failure.map { RefreshFailure(message: $0, failedAt: Date().timeIntervalSince1970, partial: true) }
            return RefreshOutcome(data: refresh.picture.dashboard, activity: refresh.activity, failure: failure)
        } resolveDigest: { tag in
            try refresher.resolveDigest(tag: tag)
        }
        do { try runtime.run() } catch { throw fail("\(error)") }
    }
}
