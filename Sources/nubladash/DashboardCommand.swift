import ArgumentParser
import Foundation

/// `nubladash` / `nubladash dashboard`: the terminal dashboard.
struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard", abstract: "Open the terminal dashboard (the default command).")

    @OptionGroup var cluster: ClusterOptions

    func run() throws {
        throw fail("the dashboard is not built yet; use 'nubladash snapshot'")
    }
}
