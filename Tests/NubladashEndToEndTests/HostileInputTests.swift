import Foundation
import Testing

/// Hostile numbers and files through the real binary: refused at the edge with one line,
/// never a crash, a hang or runaway memory.
@Suite("nubladash: hostile input", .serialized)
struct HostileInputTests {
    @Test("absurd --refresh values are usage errors before the terminal check",
          arguments: ["inf", "nan", "-inf", "1e308", "1e400", "99999999999999999999", "4"])
    func refresh(value: String) async throws {
        // Without a terminal (stdin is /dev/null) and with a missing configuration: the
        // interval is what is reported, at parse time.
        let result = try await Binary.run(["--config", "/nonexistent/config.yaml", "--refresh=\(value)"])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("nubladash: the value '\(value)' is invalid for '--refresh <refresh>': expected a number of seconds from 5 to 86400 (1 day)"),
                "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test("a --controller-namespace no Kubernetes namespace could have is a usage error, for the dashboard and snapshot",
          arguments: [["--controller-namespace", "Nublado"], ["--controller-namespace", "nublado-", "snapshot"],
                      ["--controller-namespace=-nublado", "snapshot"], ["--controller-namespace", "nub.lado"], ["--controller-namespace", String(repeating: "n", count: 64)],
                      ["--controller-namespace", "nub\u{1B}[31mlado", "snapshot"]])
    func controllerNamespace(arguments: [String]) async throws {
        let subcommand = arguments.contains("snapshot") ? ["snapshot"] : []
        let options = arguments.filter { $0 != "snapshot" }
        let result = try await Binary.run(subcommand + ["--config", "/nonexistent/config.yaml"] + options)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("expected a Kubernetes namespace name"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(!result.stderr.contains("\u{1B}"))
    }

    @Test("bad images.prepullTimeout values name the key and the file", arguments: ["0", ".inf", "soon", "2d"])
    func configuredPrepullTimeout(value: String) async throws {
        let cluster = try Cluster()
        let config = cluster.scratch.write("timeout.yaml", """
            images:
              source: {type: google, location: l, projectId: p, repository: r, image: i}
              prepullTimeout: \(value)
            """)
        let result = try await cluster.snapshot(config: config)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("nubladash: images.prepullTimeout: "), "\(result.stderr)")
        #expect(result.stderr.hasSuffix(" in timeout.yaml\n"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test("absurd images.refreshInterval values name the key and the file",
          arguments: [(".inf", "inf"), ("1e400", "inf"), ("2562047788015216h", "2562047788015216h")])
    func configuredRefresh(value: String, shown: String) async throws {
        let cluster = try Cluster()
        let config = cluster.scratch.write("interval.yaml", """
            images:
              source: {type: google, location: l, projectId: p, repository: r, image: i}
              refreshInterval: \(value)
            """)
        let result = try await cluster.snapshot(config: config)
        #expect(result.status == 1)
        #expect(result.stderr == "nubladash: images.refreshInterval: must be a number of seconds from 5 to 86400 (1 day), found '\(shown)' in interval.yaml\n")
    }

    /// Nine levels of `&a [*a, …]`: 848 bytes that expand to hundreds of millions of values.
    static let aliasBomb: String = {
        var lines = ["a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"]
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        for (previous, name) in zip(names, names.dropFirst()) {
            lines.append("\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]")
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    @Test("a YAML alias bomb as the configuration is refused, naming the file") func aliasBombConfig() async throws {
        let cluster = try Cluster()
        let bomb = cluster.scratch.write("bomb.yaml", Self.aliasBomb)
        let result = try await cluster.snapshot(config: bomb)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("nubladash: \(bomb): YAML aliases expand to more than"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test("a YAML alias bomb as the kubeconfig is refused, naming the file") func aliasBombKubeconfig() async throws {
        let cluster = try Cluster()
        cluster.loadFixture(nodes: 2, tags: 5)
        let bomb = cluster.scratch.write("kubeconfig-bomb", Self.aliasBomb)
        let result = try await cluster.snapshot(kubeconfig: bomb)
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(bomb): YAML aliases expand to more than"), "\(result.stderr)")
    }

    /// Twelve levels of ten: `*a11` stands for 10^12 values, used as a mapping key. Hashing
    /// such a key, as a YAML composer does to find duplicate keys, would take hours.
    static let aliasKeyBomb: String = {
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1...11 {
            lines.append("a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]")
        }
        return (lines + ["? *a11", ": x"]).joined(separator: "\n") + "\n"
    }()

    /// The bomb as a key, in each reader: one line naming the file and the key's line, at once.
    /// (The timeout only keeps a regression from hanging the suite; the refusal takes milliseconds.)
    @Test("a YAML alias bomb used as a mapping key is refused at once, in the configuration, kubeconfig and environments readers",
          arguments: ["config", "kubeconfig", "environments"])
    func aliasBombKey(reader: String) async throws {
        let cluster = try Cluster()
        cluster.loadFixture(nodes: 2, tags: 5)
        let bomb = cluster.scratch.write("bomb-key.yaml", Self.aliasKeyBomb)
        let result: Binary.Result
        switch reader {
        case "config": result = try await Binary.run(["snapshot", "--config", bomb, "--kubeconfig", cluster.kubeconfig()], timeout: 60)
        case "kubeconfig": result = try await Binary.run(["snapshot", "--config", cluster.config(), "--kubeconfig", bomb], timeout: 60)
        default: result = try await Binary.run(["snapshot", "--environments", bomb], timeout: 60)
        }
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("\(bomb): line 13: a mapping key must be plain text, not a list, a mapping or an alias"),
                "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    }

    @Test("the text report is ASCII throughout when the locale is not UTF-8") func asciiReport() async throws {
        let plain = try await Binary.run(["snapshot", "--demo", "--format", "text"], environment: ["LANG": "C"])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stdout.utf8.allSatisfy { $0 < 0x80 }, "\(plain.stdout)")
        #expect(plain.stdout.contains("latest_daily -> d_"))
        let utf8 = try await Binary.run(["snapshot", "--demo", "--format", "text"], environment: ["LANG": "C.UTF-8"])
        #expect(utf8.stdout.contains("latest_daily → d_"))
        #expect(utf8.stdout.contains("┌ "))
    }

    @Test("an absurd --demo-speed is a usage error", arguments: ["1e12", "inf", "nan", "0"])
    func demoSpeed(value: String) async throws {
        for command in [["--demo"], ["demo-server"]] {
            let result = try await Binary.run(command + ["--demo-speed", value])
            #expect(result.status == 64, "\(result.stderr)")
            #expect(result.stderr.contains("--demo-speed must be a number from"), "\(result.stderr)")
        }
    }

    @Test("KUBECONFIG with only separators says so") func emptyKubeconfigList() async throws {
        let cluster = try Cluster()
        let result = try await Binary.run(["snapshot", "--config", cluster.config(), "--gar-endpoint", cluster.server.registryURL],
                                          environment: ["KUBECONFIG": ":::", "GOOGLE_OAUTH_ACCESS_TOKEN": Cluster.registryToken])
        #expect(result.status == 1)
        #expect(result.stderr == "nubladash: KUBECONFIG (':::') names no file; set it to kubeconfig paths separated by ':', or unset it\n")
    }
}
