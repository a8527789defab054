import Foundation
import NubladaEngine
import Testing

/// `nubladash --version` and `nubladash version` answer without a cluster: the version from its
/// one home, the commit, Swift, and the libcurl and ncurses found at run time.
@Suite("nubladash: version")
struct VersionTests {
    @Test("--version, version and a subcommand's --version print the same lines and exit 0",
          arguments: [["--version"], ["version"], ["snapshot", "--version"]])
    func version(arguments: [String]) async throws {
        let result = try await Binary.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "nubladash \(NubladashVersion.current)")
        for key in ["commit: ", "swift: ", "libcurl: ", "ncurses: "] {
            let line = try #require(lines.first { $0.hasPrefix(key) }, "no \(key) in \(result.stdout)")
            #expect(line.count > key.count, "\(line)")
        }
        #expect(lines.contains { $0.hasPrefix("libcurl: ") && $0.contains(".") })
        #expect(lines.contains { $0.hasPrefix("ncurses: ncurses ") })
        #expect(lines.count == 5)
    }

    /// The RecordCommit plugin writes HEAD into every build from a checkout (this suite's binary
    /// is built from the checkout it runs in, unless NUBLADASH_BIN points elsewhere).
    @Test("the commit is the checkout's HEAD", .enabled(if: ProcessInfo.processInfo.environment["NUBLADASH_BIN"] == nil))
    func commit() async throws {
        let head = try await Binary.run(executable: "/usr/bin/git", ["-C", Binary.repository.path, "rev-parse", "--short=12", "HEAD"])
        let result = try await Binary.run(["--version"])
        let line = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("commit: ") })
        if head.status == 0 {
            let hash = head.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(line == "commit: \(hash)" || line == "commit: \(hash)-modified", "\(line), HEAD is \(hash)")
        } else {
            // git cannot read this checkout (say, one owned by another user): neither could the build.
            #expect(line == "commit: unknown", "\(line); git: \(head.stderr)")
        }
    }

    @Test("the help names --version")
    func help() async throws {
        let result = try await Binary.run(["--help"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("--version"), "\(result.stdout)")
    }
}

/// What `scripts/package` generates from the binary itself: each shell's completion script and
/// the command definitions the man page is written from.
@Suite("nubladash: completions and the manual's source")
struct GeneratedFilesTests {
    /// Each shell's script with the way it names the `--version` flag.
    @Test("each shell's completion script is generated and knows the subcommands and --version",
          arguments: [("bash", "--version"), ("zsh", "--version"), ("fish", "-l 'version'")])
    func completion(shell: String, versionFlag: String) async throws {
        let result = try await Binary.run(["--generate-completion-script", shell])
        #expect(result.status == 0, "\(result.stderr)")
        for command in ["snapshot", "diff", "auth-check", "serve", "version", versionFlag] {
            #expect(result.stdout.contains(command), "\(shell): no \(command)")
        }
    }

    @Test("the command definitions are dumped for generate-manual")
    func dumpHelp() async throws {
        let result = try await Binary.run(["--experimental-dump-help"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let command = try #require(object["command"] as? [String: Any])
        #expect(command["commandName"] as? String == "nubladash")
    }
}
