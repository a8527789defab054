import Foundation
import Testing

/// `nubladash --demo` under tmux: the overview of the four demo environments, moving in and
/// out of one, `u` on one; and an overview on `demo-server` going stale in an outage the test
/// begins (on the server's standard input) and recovering when the test ends it.
@Suite("Demo overview under tmux", .serialized, .enabled(if: TmuxSession.available, "tmux is not installed"))
struct DemoOverviewTmuxTests {
    @Test("four environments; enter and esc; u refreshes the selected one") func demo() async throws {
        // The demos' files go to a folder of the test's own (DemoCommandTests counts those in /tmp).
        let scratch = ScratchDirectory()
        let session = try await TmuxSession(command: "TMPDIR=\(scratch.path) TERM=xterm-256color LANG=C.UTF-8 \(Binary.path) --demo --refresh 600",
                                            cols: 140, rows: 30, scratch: scratch)
        let names = ["idfdemo", "usdfdemo", "summitdemo", "devdemo"]
        let loaded = await session.waitFor(timeout: 60) { screen in
            names.allSatisfy { name in screen.split(separator: "\n").contains { $0.contains("  \(name)  ") && $0.contains("ok") } }
        }
        #expect(loaded.met, "\(loaded.screen)")
        #expect(loaded.screen.contains("4 environments"))
        try await session.send("3")
        let opened = await session.waitFor { $0.contains("summitdemo:") && $0.contains("Prepull matrix") }
        #expect(opened.met, "\(opened.screen)")
        #expect(opened.screen.contains("c0050"), "the summit demo keeps SAL cycle 0050")
        try await session.send("Escape")
        #expect(await session.waitFor { $0.contains("Environments, trouble first") }.met)
        // With --refresh 600 nothing refreshes on its own: u on the selected row does. On
        // usdfdemo: devdemo's outage (30 to 55 s in) would make a refresh then partial, with
        // the last good time kept, and a slow run reaches this point inside it.
        try await session.send(":")
        try await session.type("usdfdemo")
        try await session.send("Enter", "Escape")
        let aged = await session.waitFor(timeout: 30) { screen in
            screen.split(separator: "\n").contains { $0.contains("  usdfdemo  ") && $0.contains("s ago") && !$0.contains(" 0s ago") && !$0.contains(" 1s ago") }
        }
        #expect(aged.met, "\(aged.screen)")
        try await session.send("u")
        let refreshed = await session.waitFor { screen in
            screen.split(separator: "\n").contains { $0.contains("  usdfdemo  ") && ($0.contains(" 0s ago") || $0.contains(" 1s ago")) }
        }
        #expect(refreshed.met, "\(refreshed.screen)")
        try await session.send("q")
        #expect(await session.exitStatus() == 0)
    }

    @Test("devdemo goes stale in an outage and recovers when it ends") func outage() async throws {
        // devdemo's world (seed 4) on a demo server of its own, the outage begun and ended by
        // the test: nothing waits for a scheduled one.
        let demo = try await DemoServerProcess(arguments: ["--quiet", "--seed", "4"])
        defer { demo.stop() }
        let scratch = ScratchDirectory()
        let file = scratch.write("environments.yaml", """
            environments:
              - {name: devdemo, kubeconfig: \(demo.kubeconfig), registryEndpoint: "\(demo.registry)", refresh: 5}
            """)
        let session = try await TmuxSession(
            command: "TERM=xterm-256color LANG=C.UTF-8 GOOGLE_OAUTH_ACCESS_TOKEN=\(demo.token) \(Binary.path) --environments \(file)",
            cols: 160, rows: 30, scratch: scratch)
        func devdemo(_ screen: String) -> String { screen.split(separator: "\n").first { $0.contains("  devdemo  ") }.map(String.init) ?? "" }
        let loaded = await session.waitFor(timeout: 60) { devdemo($0).contains("ok") }
        #expect(loaded.met, "\(loaded.screen)")
        try await demo.command("outage", acknowledgement: "outage:")
        let stale = await session.waitFor(timeout: 90) { devdemo($0).contains("stale") }
        #expect(stale.met, "\(stale.screen)")
        #expect(stale.screen.contains("1 stale"))
        try await demo.command("recover", acknowledgement: "recovered:")
        let recovered = await session.waitFor(timeout: 90) { devdemo($0).contains("ok") }
        #expect(recovered.met, "\(recovered.screen)")
        try await session.send("q")
        #expect(await session.exitStatus() == 0)
    }
}

/// `--environment` names one demo environment, and only with `--demo`.
@Suite("Demo environments: usage errors")
struct DemoEnvironmentUsageTests {
    @Test(arguments: [
        (["--demo", "--environment", "nope"], "--environment: no demo environment 'nope' (there are idfdemo, usdfdemo, summitdemo, devdemo)"),
        (["--demo", "--environment", "devdemo", "--source", "docker"], "--environment names its own source: drop --source"),
        (["--demo", "--environments", "/nonexistent.yaml"], "--demo brings its own cluster"),
    ])
    func usage(arguments: [String], message: String) async throws {
        let result = try await Binary.run(arguments)
        #expect(result.status == 64)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}
