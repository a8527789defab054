import ArgumentParser
import Foundation
import NubladaClients
import NubladaTUI

/// `nubladash` / `nubladash dashboard`: the terminal dashboard.
struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard", abstract: "Open the terminal dashboard (the default command).")

    @OptionGroup var cluster: ClusterOptions

    @Option(help: "Seconds between refreshes (default: the configuration's refreshInterval, else 60; at least 5).")
    var refresh: Double?

    @Option(help: "Theme name (default, light, solarized-dark, high-contrast, colour-blind-safe, monochrome) or a .theme file.")
    var theme: String = "default"

    @Flag(help: "Draw with ASCII characters only.")
    var ascii = false

    func validate() throws {
        if let refresh, refresh < 5 { throw ValidationError("--refresh must be at least 5 seconds") }
    }

    func run() throws {
        BacktraceSetting.ensureNonInteractive()
        let refresher: ClusterRefresher
        do { refresher = try cluster.makeRefresher() } catch { throw fail("\(error)") }
        // The demo world changes quickly: refresh as often as allowed unless told otherwise.
        try Self.open(refresher: refresher, refresh: refresh ?? (cluster.demo ? 5 : nil), theme: theme, ascii: ascii)
    }

    /// Opens the dashboard on a refresher (also used by the demo).
    static func open(refresher: ClusterRefresher, refresh: Double?, theme: String, ascii: Bool) throws -> Never {
        let connection = refresher.kubernetes.connection
        let interval = max(5, refresh ?? (refresher.configuration.refreshIntervalIsSet ? refresher.configuration.refreshInterval : 60))
        let options = DashboardOptions(
            contextName: "\(connection.contextName) (\(connection.clusterName))", refreshInterval: interval,
            theme: ThemeChoice(argument: theme), ascii: ascii)
        let runtime = DashboardRuntime(options: options) {
            let refresh = try refresher.refreshDashboard()
            let failure = refresh.failure.map { RefreshFailure(message: $0, failedAt: Date().timeIntervalSince1970, partial: true) }
            return RefreshOutcome(data: refresh.picture.dashboard, failure: failure)
        } resolveDigest: { tag in
            try refresher.resolveDigest(tag: tag)
        }
        do { try runtime.run() } catch { throw fail("\(error)") }
    }
}
