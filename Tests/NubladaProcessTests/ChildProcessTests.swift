import Foundation
import NubladaProcess
import Testing

@Suite("Child processes")
struct ChildProcessTests {
    static let shell = "/bin/sh"

    @Test("both outputs, the exit code and the input") func outputs() async throws {
        let result = try await ChildProcess.runDetached(
            Self.shell, ["-c", "cat; echo out; echo err >&2; exit 3"], input: Data("in\n".utf8), timeout: 60)
        #expect(result.stdoutText == "in\nout\n")
        #expect(result.stderrText == "err\n")
        #expect(result.termination == .init(exitCode: 3, signal: nil))
        #expect(!result.timedOut)
    }

    @Test("the environment is exactly the one given; nil inherits") func environment() throws {
        let given = try ChildProcess.run("/usr/bin/env", [], environment: ["ONLY": "this"], timeout: 60)
        #expect(given.stdoutText == "ONLY=this\n")
        let inherited = try ChildProcess.run("/usr/bin/env", [], timeout: 60)
        #expect(inherited.stdoutText.contains("PATH="))
    }

    @Test("more input and output than a pipe holds do not deadlock") func largeStreams() throws {
        let input = Data(repeating: UInt8(ascii: "x"), count: 1_000_000)
        let result = try ChildProcess.run(Self.shell, ["-c", "cat; cat /dev/zero | head -c 500000 >&2"], input: input,
                                          timeout: 60)
        #expect(result.stdout == input)
        #expect(result.stderr.count == 500_000)
        #expect(result.status == 0)
    }

    @Test("a child that ignores its input still ends; the unread input is dropped") func unreadInput() throws {
        let input = Data(repeating: 0, count: 1_000_000)
        let result = try ChildProcess.run(Self.shell, ["-c", "exec 0<&-; echo done"], input: input, timeout: 60)
        #expect(result.stdoutText == "done\n")
        #expect(result.status == 0)
    }

    @Test("a daemon left holding the pipes does not keep the caller waiting (tmux's server)") func daemonHoldsPipes() throws {
        // The background sleep keeps stdout and stderr open for a minute after sh exits; the
        // exit is what counts, so this ends well before the timeout.
        let result = try ChildProcess.run(Self.shell, ["-c", "sleep 60 & echo started; exit 0"], timeout: 30)
        #expect(!result.timedOut)
        #expect(result.stdoutText == "started\n")
        #expect(result.status == 0)
    }

    @Test("at the deadline the child and its process group are killed") func timeout() throws {
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: marker) }
        // The grandchild would write the marker after 3 s if the group kill missed it.
        let result = try ChildProcess.run(
            Self.shell, ["-c", "(sleep 3; touch \(marker.path)) & echo waiting; sleep 60"], timeout: 1)
        #expect(result.timedOut)
        #expect(result.termination.signal == SIGKILL)
        #expect(result.status == 128 + SIGKILL)
        #expect(result.stdoutText == "waiting\n")
        Thread.sleep(forTimeInterval: 4)
        #expect(!FileManager.default.fileExists(atPath: marker.path))
    }

    @Test("standard output read as it arrives, to the end") func streaming() throws {
        let child = try ChildProcess(Self.shell, ["-c", "echo one; sleep 0.2; echo two"], standardError: .null)
        var chunks: [String] = []
        child.readStandardOutput { chunks.append(String(decoding: $0, as: UTF8.self)) }
        #expect(chunks.joined() == "one\ntwo\n")
        #expect(chunks.count == 2)  // the sleep separates the writes
        #expect(child.waitForExit().status == 0)
    }

    @Test("a signal ends the child; the status says which") func signalled() throws {
        let child = try ChildProcess(Self.shell, ["-c", "sleep 60"], standardOutput: .null, standardError: .null)
        child.signal(SIGTERM)
        let termination = child.waitForExit()
        #expect(termination == .init(exitCode: nil, signal: SIGTERM))
        #expect(child.waitForExit() == termination)  // reaped once, answered again
        child.signal(SIGKILL)  // after reaping: nothing to signal, no effect
    }

    @Test("the child inherits no descriptor but its three standard ones") func descriptors() throws {
        let result = try ChildProcess.run("/bin/ls", ["/proc/self/fd"], timeout: 60)
        // ls's own directory descriptor is the one extra.
        let descriptors = result.stdoutText.split(separator: "\n").compactMap { Int($0) }.sorted()
        #expect(descriptors.count == 4)
        #expect(descriptors.prefix(3) == [0, 1, 2])
    }

    @Test("a blocked or ignored signal in the parent is back to default in the child") func cleanSignals() throws {
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGTERM)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        let result = try ChildProcess.run(Self.shell, ["-c", "grep -E '^Sig(Blk|Ign)' /proc/self/status"], timeout: 60)
        // The standard signals, 1 to 31 (glibc keeps 32 and 33 for itself).
        let masks = result.stdoutText.split(separator: "\n").map { UInt64($0.split(separator: "\t").last ?? "", radix: 16) }
        #expect(masks.count == 2)
        #expect(masks.allSatisfy { $0.map { $0 & 0x7fff_ffff } == 0 })
    }

    @Test("the child's peak resident memory is known once it is reaped") func peakMemory() throws {
        // The shell holds 64 MiB in a variable.
        let child = try ChildProcess(Self.shell, ["-c", "x=$(head -c 67108864 /dev/zero | tr '\\0' a); echo ${#x}"],
                                     standardOutput: .null, standardError: .null)
        #expect(child.peakResidentBytes == 0)
        #expect(child.waitForExit().status == 0)
        #expect(child.peakResidentBytes > 64 << 20)
    }

    @Test("a missing or non-executable program is a one-line error") func missing() throws {
        #expect(throws: ChildProcessError.self) { try ChildProcess.run("/nonexistent/tool", [], timeout: 5) }
        do {
            _ = try ChildProcess.run("/nonexistent/tool", [], timeout: 5)
        } catch {
            #expect("\(error)" == "cannot run /nonexistent/tool: No such file or directory")
        }
        #expect(throws: ChildProcessError.self) { try ChildProcess.run("/etc/hostname", [], timeout: 5) }
    }
}
