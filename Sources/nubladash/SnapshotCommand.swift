import ArgumentParser
import Foundation
import NubladaClients
import NubladaEngine

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
        let picture: ClusterPicture
        do {
            picture = try cluster.makeRefresher().snapshot()
        } catch {
            throw fail("\(error)")
        }
        switch format {
        case .json:
            print(picture.snapshotJSON.serialized())
        case .text:
            print(SnapshotReport(data: picture.dashboard, menu: picture.menu).text)
        }
    }
}
