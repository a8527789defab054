import Foundation
import Testing
import NubladaStandIn
import NubladaTestSupport

/// `nubladash --environments FILE` under tmux on two stand-ins and a broken entry: the
/// overview's rows, `enter`/`esc`, `u` on one environment, an outage going stale (or partial:
/// the node watch may outlive it) and back.
@Suite("Overview under tmux", .serialized, .enabled(if: TmuxSession.available, "tmux is not installed"))
struct OverviewTmuxTests {
    final class Running {
        let int = try! Cluster(), prod = try! Cluster()
        let scratch = ScratchDirectory()
        let session: TmuxSession

        init() async throws {
            int.loadFixture(nodes: 4, tags: 20)
            prod.loadFixture(nodes: 12, tags: 40)
            func entry(_ name: String, _ cluster: Cluster) -> String {
                "  - {name: \(name), config: \(cluster.config()), kubeconfig: \(cluster.kubeconfig()), registryEndpoint: \"\(cluster.server.registryURL)\", refresh: 5}"
            }
            let file = scratch.write("environments.yaml", """
                environments:
                \(entry("idfint", int))
                \(entry("idfprod", prod))
                  - {name: usdfdev, config: \(int.config()), kubeconfig: /nonexistent/kubeconfig}
                """)
            let command = "TERM=xterm-256color LANG=C.UTF-8 GOOGLE_OAUTH_ACCESS_TOKEN=\(Cluster.registryToken) "
                + "\(Binary.path) --environments \(file)"
            session = try await TmuxSession(command: command, cols: 140, rows: 30, scratch: scratch)
        }

        /// The row of environment `name` on `screen`.
        static func row(_ name: String, _ screen: String) -> String {
            screen.split(separator: "\n").first { $0.contains("  \(name)  ") }.map(String.init) ?? ""
        }

        func loaded() async -> String {
            await session.waitFor {
                Self.row("idfint", $0).contains("ok") && Self.row("idfprod", $0).contains("ok") && Self.row("usdfdev", $0).contains("error")
            }.screen
        }
    }

    @Test("every environment on one screen; enter opens one, esc comes back; u refreshes one") func rows() async throws {
        let running = try await Running()
        let screen = await running.loaded()
        #expect(screen.contains("3 environments"), "\(screen)")
        #expect(Running.row("usdfdev", screen).contains("kubeconfig /nonexistent/kub"), "\(screen)")
        #expect(screen.split(separator: "\n").firstIndex { $0.contains("usdfdev") }!
            < screen.split(separator: "\n").firstIndex { $0.contains("idfprod") }!, "trouble first")
        try await running.session.send("2")
        let opened = await running.session.waitFor { $0.contains("Prepull matrix") && $0.contains("idfprod:") }
        #expect(opened.met, "\(opened.screen)")
        #expect(opened.screen.contains("12 nodes"))
        try await running.session.send("Escape")
        #expect(await running.session.waitFor { $0.contains("Environments, trouble first") }.met)
        // Select idfint (below the error row and idfprod or above it, whichever): by name.
        try await running.session.send(":")
        try await running.session.type("idfint")
        try await running.session.send("Enter")
        #expect(await running.session.waitFor { $0.contains("idfint:") && $0.contains("4 nodes") }.met)
        try await running.session.send("Escape")
        let before = (int: running.int.server.registryRequestCount, prod: running.prod.server.registryRequestCount)
        try await running.session.send("u")
        let deadline = Date().addingTimeInterval(20)
        while running.int.server.registryRequestCount == before.int && Date() < deadline { try await Task.sleep(nanoseconds: 100_000_000) }
        #expect(running.int.server.registryRequestCount > before.int, "u refreshed the selected environment")
        try await running.session.send("q")
        #expect(await running.session.exitStatus() == 0)
    }

    @Test("an outage makes one environment stale, the others stay ok, and it recovers") func outage() async throws {
        let running = try await Running()
        _ = await running.loaded()
        running.prod.server.failRegistry(next: 100_000, status: 503)
        running.prod.server.failKubernetes(next: 100_000, status: 503)
        let stale = await running.session.waitFor(timeout: 90) { ["stale", "partial"].contains(where: Running.row("idfprod", $0).contains) }
        #expect(stale.met, "\(stale.screen)")
        #expect(Running.row("idfint", stale.screen).contains("ok"), "\(stale.screen)")
        running.prod.server.clearFaults()
        let recovered = await running.session.waitFor(timeout: 120) { Running.row("idfprod", $0).contains("● ok") }
        #expect(recovered.met, "\(recovered.screen)")
        try await running.session.send("q")
    }
}
