import ArgumentParser
import NubladaClients
import NubladaEngine
import NubladaTUI

/// `nubladash version` (and `nubladash --version`): what was built and what it runs on, one
/// fact a line, for a bug report or an inventory.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print the version, the commit and Swift it was built with, and the libcurl and ncurses it runs on.")

    /// The commit is the one the RecordCommit plugin found at build time; a build outside a git
    /// checkout says it does not know.
    static var lines: [String] {
        [
            "nubladash \(NubladashVersion.current)",
            "commit: \(BuildCommit.hash ?? "unknown")",
            "swift: \(NubladashVersion.swift)",
            "libcurl: \(CurlLibrary.version)",
            "ncurses: \(NcursesLibrary.version)",
        ]
    }

    func run() throws {
        try Output.printLine(Self.lines.joined(separator: "\n"))
    }
}
