import Foundation
import NubladaEngine
import NubladaWork
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The one way the command line writes. `print` loses a failed write (a full disk, a closed
/// descriptor) and `FileHandle.write` traps on one; a script must learn that the output it
/// asked for never arrived, and a broken standard error must never crash the program.
enum Output {
    /// A write to standard output that did not complete.
    struct WriteError: Error, CustomStringConvertible {
        let reason: String
        var description: String { "cannot write to standard output: \(reason)" }
    }

    /// Standard output was closed when the program started (its slot now holds /dev/null).
    private static let standardOutputClosed = Atomic(false)

    /// Call first: a closed standard descriptor gets /dev/null, so no file or socket opened
    /// later takes its number and receives output meant for the terminal; a closed standard
    /// output is remembered so that writing to it still fails.
    static func holdStandardDescriptors() {
        for fd: Int32 in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(fd, F_GETFD) < 0 && errno == EBADF {
            let null = open("/dev/null", fd == STDIN_FILENO ? O_RDONLY : O_WRONLY)
            if null >= 0 && null != fd {
                dup2(null, fd)
                close(null)
            }
            if fd == STDOUT_FILENO { standardOutputClosed.store(true, ordering: .relaxed) }
        }
    }

    /// Writes `text` and a newline to standard output, all of it, or throws.
    static func printLine(_ text: String) throws(WriteError) {
        try write(text + "\n")
    }

    /// Writes `text` to standard output, all of it, or throws.
    static func write(_ text: String) throws(WriteError) {
        try write(bytes: Array(text.utf8))
    }

    /// Writes `document` and a newline to standard output as it is serialized (a 10,000-node
    /// snapshot is megabytes: never whole in memory, never copied into a string and back).
    static func printLine(_ document: JSONValue) throws(WriteError) {
        if standardOutputClosed.load(ordering: .relaxed) { throw WriteError(reason: "it is closed") }
        var failure: Int32?
        document.write(parallelism: .ownThread) { piece in
            if failure == nil { failure = writeAll(UnsafeRawBufferPointer(piece), to: STDOUT_FILENO) }
        }
        if failure == nil { failure = writeAll(Array("\n".utf8), to: STDOUT_FILENO) }
        if let failure { throw WriteError(reason: String(cString: strerror(failure))) }
    }

    private static func write(bytes: [UInt8]) throws(WriteError) {
        if standardOutputClosed.load(ordering: .relaxed) { throw WriteError(reason: "it is closed") }
        if let failure = writeAll(bytes, to: STDOUT_FILENO) {
            throw WriteError(reason: String(cString: strerror(failure)))
        }
    }

    /// Writes `nubladash: message` to standard error, as one line whatever text from outside
    /// it quotes (escaped and cut by `MessageText`). Never fails: when standard error itself
    /// is broken there is nobody left to tell.
    static func printError(_ message: String) {
        _ = writeAll(Array("nubladash: \(MessageText.oneLine(message))\n".utf8), to: STDERR_FILENO)
    }

    /// write(2) until everything is out; nil, or the errno of the failure.
    private static func writeAll(_ bytes: [UInt8], to fd: Int32) -> Int32? {
        bytes.withUnsafeBytes { writeAll($0, to: fd) }
    }

    private static func writeAll(_ bytes: UnsafeRawBufferPointer, to fd: Int32) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return nil
    }
}
