import CSpawn
import Foundation
import NubladaWork
#if canImport(Glibc)
import Glibc
#endif

extension ChildProcess {
    /// What a program run to its end printed, and how it ended.
    public struct Output: Sendable {
        public var termination: Termination
        public var stdout: Data
        public var stderr: Data
        /// The deadline passed and the child was killed.
        public var timedOut: Bool
        /// The stream that passed the output limit (the child was killed then), or nil.
        public var overflowed: Overflow?

        /// Which of a child's outputs went past the limit it was given.
        public enum Overflow: String, Sendable {
            case standardOutput = "standard output"
            case standardError = "standard error"
        }

        public var status: Int32 { termination.status }
        public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    }

    /// Runs a program to its end: `input` on its standard input, both outputs collected. After
    /// `timeout` seconds the child (and its process group) is killed and `timedOut` is set;
    /// once either output holds more than `outputLimit` bytes it is killed the same way and
    /// `overflowed` names that output (what was read stays at about the limit).
    /// Output written after the child has exited, by a grandchild still holding the pipes, is
    /// not waited for. Blocks the calling thread; see `runDetached` from async code.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                           input: Data? = nil, timeout: Double, outputLimit: Int = .max) throws -> Output {
        let child = try ChildProcess(executable, arguments, environment: environment,
                                     standardInput: input == nil ? .null : .pipe, newProcessGroup: true)
        return child.collect(input: input ?? Data(), deadline: Date().addingTimeInterval(timeout), outputLimit: outputLimit)
    }

    /// `run` on the blocking executor, so async callers never hold a concurrency-pool thread
    /// while the program runs.
    public static func runDetached(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                                   input: Data? = nil, timeout: Double, outputLimit: Int = .max) async throws -> Output {
        try await Executor.blocking.run {
            try run(executable, arguments, environment: environment, input: input, timeout: timeout, outputLimit: outputLimit)
        }
    }

    /// Feeds `input`, reads both outputs until the child exits (or both reach end-of-file where
    /// there is no pidfd) or one passes `outputLimit`, and reaps it.
    func collect(input: Data, deadline: Date, outputLimit: Int = .max) -> Output {
        var stdout = Data(), stderr = Data()
        var pending = input[...]
        var open: [Int32: Bool] = [:]  // descriptor → is standard output
        if let fd = standardOutput { cspawn_set_nonblocking(fd); open[fd] = true }
        if let fd = standardError { cspawn_set_nonblocking(fd); open[fd] = false }
        if let fd = standardInput {
            cspawn_set_nonblocking(fd)
            if pending.isEmpty { closeStandardInput() }
        }
        var exited = false
        var timedOut = false
        var overflowed: Output.Overflow?
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)

        func drain(_ fd: Int32) -> Bool {  // false at end-of-file, error or past the limit
            while true {
                let count = read(fd, &buffer, buffer.count)
                if count > 0 {
                    let isStandardOutput = open[fd] == true
                    if isStandardOutput { stdout.append(buffer, count: count) } else { stderr.append(buffer, count: count) }
                    if (isStandardOutput ? stdout.count : stderr.count) > outputLimit {
                        overflowed = isStandardOutput ? .standardOutput : .standardError
                        return false
                    }
                    continue
                }
                if count < 0 && errno == EINTR { continue }
                return count < 0 && errno == EAGAIN
            }
        }

        while !exited && overflowed == nil && (!open.isEmpty || exitDescriptor >= 0) {
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 {
                timedOut = true
                break
            }
            var fds: [pollfd] = open.keys.sorted().map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            if let fd = standardInput, !pending.isEmpty { fds.append(pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)) }
            if exitDescriptor >= 0 { fds.append(pollfd(fd: exitDescriptor, events: Int16(POLLIN), revents: 0)) }
            let ready = poll(&fds, nfds_t(fds.count), Int32(min(remaining * 1000 + 1, 60_000)))
            if ready < 0 && errno != EINTR { break }
            for entry in fds where entry.revents != 0 {
                if entry.fd == exitDescriptor {
                    exited = true
                } else if entry.fd == standardInput {
                    let written = pending.withUnsafeBytes { cspawn_write_nosignal(entry.fd, $0.baseAddress, $0.count) }
                    if written > 0 { pending = pending.dropFirst(written) }
                    if pending.isEmpty || (written < 0 && errno != EAGAIN && errno != EINTR) {
                        pending = Data()[...]
                        closeStandardInput()
                    }
                } else if !drain(entry.fd) {
                    open[entry.fd] = nil
                }
            }
        }
        if !timedOut && overflowed == nil {
            // What the child wrote before it exited is in the pipes; take it without waiting
            // for a grandchild that may still hold them.
            for fd in open.keys.sorted() where overflowed == nil { _ = drain(fd) }
        }
        if timedOut || overflowed != nil { signal(SIGKILL) }
        closeStandardInput()
        let termination = waitForExit()
        return Output(termination: termination, stdout: stdout, stderr: stderr, timedOut: timedOut, overflowed: overflowed)
    }
}
