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

    func run() throws {
        LiveChildren.exitOnTerminationSignals()
        let picture: ClusterPicture
        do {
            picture = try cluster.makeRefresher().snapshot()
        } catch {
            throw fail("\(error)")
        }
        let text: String
        switch format {
        case .json:
            text = picture.snapshotJSON.serialized()
        case .text:
            text = SnapshotReport(data: picture.dashboard, menu: picture.menu).text
        }
        do { try Output.printLine(text) } catch { throw fail("\(error)") }
    }
}
