import Foundation
import Testing
import NubladaStandIn
import NubladaTestSupport

/// `nubladash --environments FILE` under tmux with four environments whose registry and API
/// server accept connections and never answer, among three healthy ones, at a 5 s interval:
/// the healthy ones keep refreshing, the dead ones show their wait as it grows (naming the
/// host) and come first, and `u` on one says it is queued.
@Suite("Overview with black-holed environments under tmux", .serialized, .enabled(if: TmuxSession.available, "tmux is not installed"))
struct OverviewHangTmuxTests {
    static let healthy = ["idfint", "idfprod", "usdfprod"]
    static let dead = ["dead1", "dead2", "dead3", "dead4"]

    /// The row of environment `name` on `screen`.
    static func row(_ name: String, _ screen: String) -> String {
        screen.split(separator: "\n").first { $0.contains("  \(name)  ") }.map(String.init) ?? ""
    }

    /// The age a row's `updated` column shows (`12s ago`, `1m 05s ago`), in seconds.
    static func age(_ row: String) -> Int? {
        guard let match = row.firstMatch(of: /(?:(\d+)m )?(\d+)s ago/) else { return nil }
        return (match.1.flatMap { Int($0) } ?? 0) * 60 + (Int(match.2) ?? 0)
    }

    /// The wait a row shows (`no answer for 45s`, `no answer for 1m 05s`), in seconds.
    static func waited(_ row: String) -> Int? {
        guard let match = row.firstMatch(of: /no answer for (?:(\d+)m )?(\d+)s/) else { return nil }
        return (match.1.flatMap { Int($0) } ?? 0) * 60 + (Int(match.2) ?? 0)
    }

    @Test("healthy environments keep fresh ages beside dead ones, which show their wait and come first")
    func deadEnvironments() async throws {
        let clusters = try Self.healthy.map { _ in try Cluster() }
        for cluster in clusters { cluster.loadFixture(nodes: 4, tags: 20) }
        let silent = try SilentListener()
        defer { silent.stop() }
        let scratch = ScratchDirectory()
        let deadKubeconfig = scratch.write("dead-kubeconfig", clusters[0].server.kubeconfigYAML(
            userLines: ["token: \(Cluster.kubeToken)"], contextName: "dead", server: silent.url))
        func entry(_ name: String, _ cluster: Cluster) -> String {
            "  - {name: \(name), config: \(cluster.config()), kubeconfig: \(cluster.kubeconfig()), registryEndpoint: \"\(cluster.server.registryURL)\", refresh: 5}"
        }
        func deadEntry(_ name: String) -> String {
            "  - {name: \(name), config: \(clusters[0].config()), kubeconfig: \(deadKubeconfig), registryEndpoint: \"\(silent.url)\", refresh: 5}"
        }
        // Dead and healthy alternate, a dead one first: as the file lists them, so they are asked for.
        var lines = ["environments:"]
        for index in 0..<Self.dead.count {
            lines.append(deadEntry(Self.dead[index]))
            if index < Self.healthy.count { lines.append(entry(Self.healthy[index], clusters[index])) }
        }
        let file = scratch.write("environments.yaml", lines.joined(separator: "\n") + "\n")
        let command = "TERM=xterm-256color LANG=C.UTF-8 GOOGLE_OAUTH_ACCESS_TOKEN=\(Cluster.registryToken) "
            + "\(Binary.path) --environments \(file)"
        let session = try await TmuxSession(command: command, cols: 200, rows: 30, scratch: scratch)

        // The dead ones' wait shows once it is long, naming the host they wait on.
        let waiting = await session.waitFor(timeout: 60) { screen in
            Self.dead.allSatisfy { Self.row($0, screen).contains("no answer for") }
                && Self.healthy.allSatisfy { Self.row($0, screen).contains("ok") }
        }
        #expect(waiting.met, "\(waiting.screen)")
        #expect(Self.row("dead1", waiting.screen).contains(silent.hostLabel), "\(waiting.screen)")
        #expect(waiting.screen.contains("4 no answer"), "\(waiting.screen)")
        // Trouble first: the four dead rows are the table's first four.
        let tableRows = waiting.screen.split(separator: "\n").filter { line in
            (Self.dead + Self.healthy).contains { line.contains("  \($0)  ") }
        }
        #expect(tableRows.prefix(4).allSatisfy { line in Self.dead.contains { line.contains("  \($0)  ") } }, "\(waiting.screen)")

        // For half a minute (six intervals) the healthy ones stay fresh while the dead ones wait on.
        let until = Date().addingTimeInterval(30)
        var oldest = 0
        var last = waiting.screen
        while Date() < until {
            last = await session.screen()
            for name in Self.healthy {
                if let age = Self.age(Self.row(name, last)) { oldest = max(oldest, age) }
            }
            try await Task.sleep(nanoseconds: 1_000_000_000)
        }
        // A 5 s interval: an age beyond a few intervals (a loaded machine's slack) is starvation.
        #expect(oldest <= 20, "the healthy environments' data aged \(oldest) s:\n\(last)")
        // Still waiting, longer (or failed by a side's own deadline, which this must not need).
        for name in Self.dead {
            let before = Self.waited(Self.row(name, waiting.screen)), after = Self.waited(Self.row(name, last))
            #expect(after.map { $0 > (before ?? 0) } ?? Self.row(name, last).contains("error"), "\(name): \(Self.row(name, last))")
        }

        // u on a dead row (the first, selected) says it is queued behind the refresh in flight
        // (twice: should a side's own deadline have ended that refresh, the first starts another).
        try await session.send("Home")
        try await session.send("u")
        try await session.send("u")
        let queued = await session.waitFor(timeout: 10) { $0.contains("queued: a refresh is in flight") }
        #expect(queued.met, "\(queued.screen)")
        #expect(silent.acceptedCount > 0)
        try await session.send("q")
        #expect(await session.exitStatus() == 0)
    }
}
