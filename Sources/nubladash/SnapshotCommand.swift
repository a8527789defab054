import ArgumentParser
import Foundation
import NubladaClients
import NubladaEngine
import NubladaProcess

/// `nubladash snapshot`: one refresh, printed as the controller's API documents (JSON) or a report.
struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Refresh once and print images, menu and prepull status as JSON (or --format text).")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, text
    }

    @OptionGroup var cluster: ClusterOptions<Listed>

    @Option(help: "json (the controller's API documents) or text (a readable report).")
    var format: Format = .json

    @Option(name: .customLong("fail-on"),
            help: "Exit 3 when a prepull pull is in this state: stuck or failing (repeat for both); exit 1 when the pods cannot be read.")
    var failOn: [FailOn] = []

    /// The pull states `--fail-on` takes.
    enum FailOn: String, ExpressibleByArgument, CaseIterable {
        case stuck, failing

        var state: PullState { self == .stuck ? .stuck : .failing }

        /// Why the pulls are not known: the pods could not be read.
        static func unreadPods(_ message: String) -> String { "pods could not be read: \(message)" }
    }

    func run() throws {
        OneShotMalloc.configure()
        LiveChildren.exitOnTerminationSignals()
        if let contexts = ContextsOption.environments(cluster) {
            return try EnvironmentsSnapshot.run(contexts, format: format, failOn: failOn, dockerConfig: cluster.dockerConfig)
        }
        if let file = cluster.environmentsFile {
            return try EnvironmentsSnapshot.run(file: file, format: format, failOn: failOn, dockerConfig: cluster.dockerConfig,
                                                clusterSecrets: !cluster.noClusterSecrets)
        }
        let picture: ClusterPicture, activity: ActivityReading
        do {
            (picture, activity) = try cluster.makeRefresher().snapshotWithActivity()
        } catch {
            throw fail(RefreshFailure(classifying: error, failedAt: Date().timeIntervalSince1970).text)
        }
        do {
            switch format {
            case .json:
                try Output.printLine(picture.snapshotDocument(activity: activity))
            case .text:
                try Output.printLine(SnapshotReport(data: picture.dashboard, menu: picture.menu).text + "\n"
                                     + ActivityReport(activity: activity).text)
            }
        } catch { throw fail("\(error)") }
        if let why = failOn.cannotCheck(activity) { throw fail(why) }
        if failOn.trips(activity) {
            throw ExitCode(3)
        }
        // Everything is written (unbuffered): the process ends here instead of freeing a large
        // cluster's nodes one by one on the way out (a tenth of a second at 10,000 nodes).
        Foundation.exit(0)
    }
}
