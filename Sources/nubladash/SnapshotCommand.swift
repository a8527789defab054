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

    @OptionGroup var cluster: ClusterOptions

    @Option(help: "json (the controller's API documents) or text (a readable report).")
    var format: Format = .json

    @Option(name: .customLong("fail-on"),
            help: "Exit 3 when a prepull pull is in this state: stuck or failing (repeat for both).")
    var failOn: [FailOn] = []

    /// The pull states `--fail-on` takes.
    enum FailOn: String, ExpressibleByArgument, CaseIterable {
        case stuck, failing

        var state: PullState { self == .stuck ? .stuck : .failing }
    }

    func run() throws {
        LiveChildren.exitOnTerminationSignals()
        let picture: ClusterPicture, activity: ActivityReading
        do {
            (picture, activity) = try cluster.makeRefresher().snapshotWithActivity()
        } catch {
            throw fail("\(error)")
        }
        let text: String
        switch format {
        case .json:
            var document = picture.snapshotJSON
            if case .object(var members) = document {
                members["activity"] = activity.json
                document = .object(members)
            }
            text = document.serialized()
        case .text:
            text = SnapshotReport(data: picture.dashboard, menu: picture.menu).text + "\n" + ActivityReport(activity: activity).text
        }
        do { try Output.printLine(text) } catch { throw fail("\(error)") }
        if case .activity(let found) = activity, failOn.contains(where: { found.totals[$0.state] > 0 }) {
            throw ExitCode(3)
        }
    }
}
