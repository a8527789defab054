import ArgumentParser
import Foundation
import NubladaEngine

/// `nubladash`: the Nublado lab images and prepuller, in a terminal dashboard or as JSON.
@main
struct Nubladash: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nubladash",
        abstract: "A terminal dashboard of the Nublado lab controller's images and prepuller.",
        subcommands: [DashboardCommand.self, SnapshotCommand.self, AuthCheckCommand.self, DemoServerCommand.self],
        defaultSubcommand: DashboardCommand.self)

    /// Parses and runs the command. Help and version print as usual; a usage error is one line
    /// on stderr (`nubladash: <what is wrong> (see --help)`) and exit 64, like every other failure.
    static func main() {
        Output.holdStandardDescriptors()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            let message = Self.message(for: error)
            if code == .success || message.isEmpty {
                exit(withError: error)  // help, version, or a command that has already said why
            }
            let first = message.split(separator: "\n").first.map(String.init) ?? message
            // The parser quotes the argument as given: escaped, so it cannot drive the terminal.
            Output.printError("\(MessageText.oneLine(Self.usageLine(first))) (see --help)")
            Foundation.exit(code.rawValue)
        }
    }

    /// "Error: Unknown option '--x'" → "unknown option '--x'".
    static func usageLine(_ line: String) -> String {
        var text = line.hasPrefix("Error: ") ? String(line.dropFirst("Error: ".count)) : line
        if let first = text.first, first.isUppercase, !(text.dropFirst().first?.isUppercase ?? false) {
            text = first.lowercased() + text.dropFirst()
        }
        return text
    }
}
