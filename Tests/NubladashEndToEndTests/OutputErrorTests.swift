import Foundation
import Testing

/// Output that cannot be written is a failure a script can see: exit 1 and a line on stderr
/// (when stderr works). A broken stderr never crashes the program.
@Suite("nubladash: output errors")
struct OutputErrorTests {
    /// Runs the binary from a shell that redirects its descriptors first (`redirection`, e.g.
    /// `>/dev/full`).
    static func run(_ arguments: [String], redirection: String) async throws -> Binary.Result {
        try await Binary.run(executable: "/bin/sh", ["-c", "exec \"$0\" \"$@\" \(redirection)", Binary.path] + arguments)
    }

    @Test("a full disk on stdout is exit 1 with the reason on stderr") func fullStdout() async throws {
        let result = try await Self.run(["snapshot", "--demo"], redirection: ">/dev/full")
        #expect(result.status == 1)
        #expect(result.stderr == "nubladash: cannot write to standard output: No space left on device\n")
    }

    @Test("help that cannot be written is exit 1 with the reason on stderr, not exit 0",
          arguments: [["--help"], ["snapshot", "--help"], ["help", "auth-check"]])
    func helpToFullStdout(arguments: [String]) async throws {
        let result = try await Self.run(arguments, redirection: ">/dev/full")
        #expect(result.status == 1)
        #expect(result.stderr == "nubladash: cannot write to standard output: No space left on device\n")
        let closed = try await Self.run(arguments, redirection: ">&-")
        #expect(closed.status == 1)
        #expect(closed.stderr == "nubladash: cannot write to standard output: it is closed\n")
        let written = try await Binary.run(arguments)
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stdout.contains("USAGE:"))
    }

    @Test("a closed stdout is exit 1 with the reason on stderr") func closedStdout() async throws {
        let result = try await Self.run(["snapshot", "--demo"], redirection: ">&-")
        #expect(result.status == 1)
        #expect(result.stderr == "nubladash: cannot write to standard output: it is closed\n")
    }

    @Test("a failure with a full or closed stderr still exits 1, without a crash",
          arguments: ["2>/dev/full", "2>&-"])
    func brokenStderr(redirection: String) async throws {
        let result = try await Self.run(["snapshot", "--config", "/nonexistent/missing.yaml", "--kubeconfig", "/nonexistent/k"],
                                        redirection: redirection)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
    }

    @Test("a usage error with a closed stderr is still exit 64") func usageClosedStderr() async throws {
        let result = try await Self.run(["--refresh", "inf", "--demo"], redirection: "2>&-")
        #expect(result.status == 64)
    }
}
