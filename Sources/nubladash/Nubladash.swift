import ArgumentParser
import Foundation
import NubladaEngine
import NubladaProcess

/// `nubladash`: the Nublado lab images and prepuller, in a terminal dashboard or as JSON.
@main
struct Nubladash: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nubladash",
        abstract: "A terminal dashboard of the Nublado lab controller's images and prepuller.",
        // The version here puts `--version` in the help, the completions and the man page;
        // `command(for:)` answers it with `VersionCommand`'s whole report, not this string alone.
        version: NubladashVersion.current,
        subcommands: [DashboardCommand.self, SnapshotCommand.self, DiffCommand.self, AuthCheckCommand.self, DemoServerCommand.self, ServeCommand.self, VersionCommand.self],
        defaultSubcommand: DashboardCommand.self)

    /// Parses and runs the command. Help and version print as usual; a usage error is one line
    /// on stderr (`nubladash: <what is wrong> (see --help)`) and exit 64, like every other failure.
    static func main() {
        Output.holdStandardDescriptors()
        do {
            var command = try command(for: Array(CommandLine.arguments.dropFirst()))
            try command.run()
        } catch {
            // A failure caused by a termination signal's killing of a child: the signal's exit wins.
            LiveChildren.yieldToSignalExit()
            let code = exitCode(for: error)
            if code == .success { printHelp(for: error) }
            let message = Self.message(for: error)
            if message.isEmpty {
                exit(withError: error)  // a command that has already said why
            }
            let first = message.split(separator: "\n").first.map(String.init) ?? message
            // The parser quotes the argument as given: escaped, so it cannot drive the terminal.
            Output.printError("\(MessageText.oneLine(Self.usageLine(first))) (see --help)")
            Foundation.exit(code.rawValue)
        }
    }

    /// The command the arguments ask for. Where the parser would answer `--version` with the
    /// version alone, `VersionCommand` gives its whole report instead.
    static func command(for arguments: [String]) throws -> any ParsableCommand {
        do {
            return try parseAsRoot(arguments)
        } catch where exitCode(for: error) == .success && fullMessage(for: error) == NubladashVersion.current {
            return VersionCommand()
        }
    }

    /// Help (or another text the parser answers with, exit 0) written as all output is: the
    /// parser's own print would lose a failed write and exit 0, so `--help > /dev/full` would
    /// pass for a success.
    static func printHelp(for error: any Error) -> Never {
        let text = fullMessage(for: error)
        do {
            if !text.isEmpty { try Output.printLine(text) }
        } catch {
            Output.printError("\(error)")
            Foundation.exit(ExitCode.failure.rawValue)
        }
        Foundation.exit(ExitCode.success.rawValue)
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
