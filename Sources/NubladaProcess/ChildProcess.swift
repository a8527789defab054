import CSpawn
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A program started directly (no shell) with `posix_spawn`: close-on-exec pipes, no other
/// inherited descriptors, a clean signal state, and its exit seen through a pidfd. Unlike
/// Foundation's `Process`, a grandchild that outlives it (a daemon such as the tmux server)
/// cannot hide its exit, and waiting never spins.
public final class ChildProcess: Sendable {
    /// Where one of the child's standard streams goes.
    public enum Stream: Sendable {
        /// `/dev/null`.
        case null
        /// A pipe this object holds the other end of.
        case pipe
        /// Standard error only: the same pipe as standard output.
        case standardOutput
    }

    /// How the child ended.
    public struct Termination: Sendable, Equatable {
        /// The exit code, or nil when a signal ended it.
        public var exitCode: Int32?
        /// The signal that ended it, or nil.
        public var signal: Int32?

        public init(exitCode: Int32?, signal: Int32?) {
            self.exitCode = exitCode
            self.signal = signal
        }

        /// The exit code, or 128 + the signal, as a shell reports it.
        public var status: Int32 { exitCode ?? 128 + (signal ?? 0) }
    }

    public let pid: pid_t
    /// The write end of the child's standard input (`.pipe`), else nil.
    public var standardInput: Int32? { state.withLock { $0.standardInput } }
    /// The read end of the child's standard output (`.pipe`), else nil.
    public let standardOutput: Int32?
    /// The read end of the child's standard error (`.pipe`), else nil.
    public let standardError: Int32?
    /// Polls readable once the child has exited (-1 without pidfd support).
    let exitDescriptor: Int32
    private let inGroup: Bool
    private let state: Mutex<State>
    /// Held while a thread is in waitpid, so only one reaps.
    private let reaping = Mutex(())

    private struct State {
        var standardInput: Int32?
        var termination: Termination?
        var peakResident = 0
    }

    /// The child's peak resident memory in bytes, once it has been reaped (else 0).
    public var peakResidentBytes: Int { state.withLock { $0.peakResident } }

    /// Starts `executable` (a path) with `arguments`; `environment` nil inherits this process's.
    /// `newProcessGroup` lets `signal(_:)` reach the child's own children too.
    public init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                standardInput stdinMode: Stream = .null, standardOutput stdoutMode: Stream = .pipe,
                standardError stderrMode: Stream = .pipe, newProcessGroup: Bool = false) throws {
        var childEnds: [Int32] = []
        var parentEnds: [Int32] = []
        defer { childEnds.forEach { close($0) } }
        func makePipe() throws -> (read: Int32, write: Int32) {
            var fds: [Int32] = [-1, -1]
            guard cspawn_pipe(&fds) == 0 else {
                parentEnds.forEach { close($0) }
                throw ChildProcessError(executable, "cannot create a pipe: \(String(cString: strerror(errno)))")
            }
            return (fds[0], fds[1])
        }
        var stdinChild: Int32 = -1, stdoutChild: Int32 = -1, stderrChild: Int32 = -1
        var stdinParent: Int32?, stdoutParent: Int32?, stderrParent: Int32?
        if stdinMode == .pipe {
            let pipe = try makePipe()
            stdinChild = pipe.read; stdinParent = pipe.write
            childEnds.append(pipe.read); parentEnds.append(pipe.write)
        }
        if stdoutMode == .pipe {
            let pipe = try makePipe()
            stdoutChild = pipe.write; stdoutParent = pipe.read
            childEnds.append(pipe.write); parentEnds.append(pipe.read)
        }
        switch stderrMode {
        case .pipe:
            let pipe = try makePipe()
            stderrChild = pipe.write; stderrParent = pipe.read
            childEnds.append(pipe.write); parentEnds.append(pipe.read)
        case .standardOutput:
            stderrChild = stdoutChild
        case .null:
            break
        }

        let argv = ([executable] + arguments).map { strdup($0) }
        let envp = environment.map { $0.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } }
        defer {
            argv.forEach { free($0) }
            envp?.forEach { free($0) }
        }
        let spawned: (pid: pid_t, extra: Int32)
        do {
            // The pidfd is opened before the child is registered: once it is, `terminateAll`
            // may reap it, and its pid may then be reused.
            spawned = try LiveChildren.start(executable, group: newProcessGroup) {
                var spawned: pid_t = 0
                let result = (argv + [nil]).withUnsafeBufferPointer { argvPointer -> Int32 in
                    if let envp {
                        return (envp + [nil]).withUnsafeBufferPointer { envpPointer in
                            cspawn_launch(&spawned, executable, argvPointer.baseAddress, envpPointer.baseAddress,
                                          stdinChild, stdoutChild, stderrChild, newProcessGroup ? 1 : 0)
                        }
                    }
                    return cspawn_launch(&spawned, executable, argvPointer.baseAddress, nil,
                                         stdinChild, stdoutChild, stderrChild, newProcessGroup ? 1 : 0)
                }
                guard result == 0 else { throw ChildProcessError(executable, String(cString: strerror(result))) }
                return (spawned, cspawn_pidfd_open(spawned))
            }
        } catch {
            parentEnds.forEach { close($0) }
            throw error
        }
        pid = spawned.pid
        inGroup = newProcessGroup
        state = Mutex(State(standardInput: stdinParent))
        standardOutput = stdoutParent
        standardError = stderrParent
        exitDescriptor = spawned.extra
    }

    deinit {
        [standardInput, standardOutput, standardError].compactMap { $0 }.forEach { close($0) }
        if exitDescriptor >= 0 { close(exitDescriptor) }
    }

    /// Reads standard output (`.pipe`) until end-of-file, handing each chunk to `body` as it
    /// arrives. Blocks: call it on a thread of its own.
    public func readStandardOutput(_ body: (Data) -> Void) {
        guard let fd = standardOutput else { return }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return }
            body(Data(buffer[0..<count]))
        }
    }

    /// Closes the child's standard input (it reads end-of-file).
    public func closeStandardInput() {
        let fd = state.withLock { state in
            defer { state.standardInput = nil }
            return state.standardInput
        }
        if let fd { close(fd) }
    }

    /// Sends `signal` to the child (and its group when it has one), unless it has been reaped.
    public func signal(_ signal: Int32) {
        state.withLock { state in
            guard state.termination == nil else { return }
            _ = kill(inGroup ? -pid : pid, signal)
        }
    }

    /// Waits for the child to end and reaps it; later calls return the same answer.
    @discardableResult
    public func waitForExit() -> Termination {
        reaping.withLock { _ in
            if let termination = state.withLock({ $0.termination }) { return termination }
            var raw: Int32 = 0
            var peakKiB = 0
            cspawn_wait_exited(pid)
            LiveChildren.remove(pid)
            let reaped = cspawn_wait(pid, &raw, &peakKiB)
            let ended = reaped < 0
                ? Termination(exitCode: nil, signal: SIGKILL)
                : Termination(exitCode: cspawn_exit_code(raw) >= 0 ? cspawn_exit_code(raw) : nil,
                              signal: cspawn_term_signal(raw) != 0 ? cspawn_term_signal(raw) : nil)
            state.withLock {
                $0.peakResident = peakKiB * 1024
                $0.termination = ended
            }
            return ended
        }
    }
}

/// A program that could not be started.
public struct ChildProcessError: Error, CustomStringConvertible, Sendable {
    public var description: String

    init(_ executable: String, _ reason: String) {
        description = "cannot run \(executable): \(reason)"
    }
}
