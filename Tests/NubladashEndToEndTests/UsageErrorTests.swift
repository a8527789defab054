import Foundation
import Testing

/// Command-line mistakes are one line on stderr and exit 64 (EX_USAGE), like every other
/// failure; help still prints in full.
@Suite("nubladash: usage errors")
struct UsageErrorTests {
    @Test("each mistake is one line naming it", arguments: [
        (["snapshot", "--demo", "--bogus"], "unknown option '--bogus'"),
        (["snapshot", "--demo", "--format", "xml"], "the value 'xml' is invalid for '--format <format>'"),
        (["--demo", "--refresh", "soon"], "the value 'soon' is invalid for '--refresh <refresh>'"),
        (["snapshot", "--demo", "--config", "/nonexistent.yaml"], "--demo brings its own cluster"),
        (["auth-check", "--demo"], "auth-check checks real credentials; the demo needs none (drop --demo)"),
        (["diff"], "diff needs --config FILE"),
        (["diff", "--demo"], "diff compares a file with a real cluster's configuration (drop --demo)"),
        (["diff", "--contexts", "a,b"], "diff compares with one context: give it with --context NAME (not --contexts)"),
    ])
    func oneLine(arguments: [String], fragment: String) async throws {
        let result = try await Binary.run(arguments)
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("nubladash: \(fragment)"), "\(result.stderr)")
        #expect(result.stderr.hasSuffix(" (see --help)\n"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    }

    @Test("no --config and no kubeconfig: one line saying where the configuration would come from")
    func noConfigurationAnywhere() async throws {
        let home = NSTemporaryDirectory() + "nubladash-empty-home-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let result = try await Binary.run(["snapshot"], environment: ["HOME": home])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("nubladash: no --config, and no cluster to read the controller's ConfigMap from: kubeconfig"),
                "\(result.stderr)")
        #expect(result.stderr.contains("--config FILE"), "\(result.stderr)")
    }

    @Test("--help prints the commands on stdout and exits 0") func help() async throws {
        let result = try await Binary.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("SUBCOMMANDS"))
        #expect(result.stdout.contains("snapshot"))
        #expect(result.stdout.contains("auth-check"))
        #expect(result.stderr.isEmpty)
    }

    /// The options a command refuses (with a line saying why, tested above), by command.
    static let refused: [(command: String, options: [String])] = [
        ("auth-check", ["--demo", "--demo-speed", "--source", "--contexts", "--environments"]),
        ("diff", ["--demo", "--demo-speed", "--source", "--contexts", "--environments"]),
        ("snapshot", []),
        ("dashboard", []),
        ("serve", []),
    ]

    @Test("each command's --help lists the options it takes and none it refuses", arguments: refused)
    func helpListsOnlyAccepted(command: String, refused: [String]) async throws {
        let result = try await Binary.run([command, "--help"])
        #expect(result.status == 0)
        let listed = Set(result.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "," || $0 == "/" })
            .filter { $0.hasPrefix("--") }.map(String.init))
        for option in refused {
            #expect(!listed.contains(option), "\(command) --help lists \(option), which it refuses:\n\(result.stdout)")
        }
        for option in ["--config", "--kubeconfig", "--context", "--registry-endpoint", "--docker-config",
                       "--controller-namespace", "--no-cluster-secrets"] {
            #expect(listed.contains(option), "\(command) --help does not list \(option):\n\(result.stdout)")
        }
        if refused.isEmpty {
            for option in ["--demo", "--demo-speed", "--source", "--contexts", "--environments"] {
                #expect(listed.contains(option), "\(command) --help does not list \(option):\n\(result.stdout)")
            }
        }
    }

    @Test("a refused option still gets its own line", arguments: [
        (["auth-check", "--contexts", "a,b"], "auth-check checks one context: give it with --context NAME (not --contexts)"),
        (["diff", "--environments", "/nonexistent.yaml"], "diff reads one cluster (drop --environments)"),
    ])
    func refusedOptionLine(arguments: [String], fragment: String) async throws {
        let result = try await Binary.run(arguments)
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("nubladash: \(fragment)"), "\(result.stderr)")
    }
}
