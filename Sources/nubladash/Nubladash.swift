import ArgumentParser

/// `nubladash`: the Nublado lab images and prepuller, in a terminal dashboard or as JSON.
@main
struct Nubladash: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nubladash",
        abstract: "A terminal dashboard of the Nublado lab controller's images and prepuller.",
        subcommands: [DashboardCommand.self, SnapshotCommand.self, AuthCheckCommand.self, DemoServerCommand.self],
        defaultSubcommand: DashboardCommand.self)
}
