import Foundation
import NubladaProcess

/// Runs a program with its output discarded and measures its wall time and peak resident
/// memory (from the resource usage `wait4` reports for that one child).
///
/// The program is started by a small launcher (this binary's `measure-child`), not by the
/// benchmark itself: a child started with `posix_spawn` (or `fork`) begins life in a copy of
/// its parent's address space, and the kernel counts that space's peak into the child's
/// `ru_maxrss`. From the benchmark, which holds the whole 2,000-node dataset, every child
/// would seem to need at least the benchmark's own memory.
enum Measured {
    struct Measurement {
        var seconds: Double
        var peakRSSBytes: Int
        var status: Int32
    }

    /// Measures `executable` through the launcher.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]) throws -> Measurement {
        let launcher = URL(fileURLWithPath: CommandLine.arguments[0]).path
        let output = try ChildProcess.run(launcher, ["measure-child", executable] + arguments, environment: environment,
                                          timeout: 600)
        let fields = output.stdoutText.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard output.status == 0, fields.count == 3, let seconds = Double(fields[0]), let peak = Int(fields[1]),
              let status = Int32(fields[2]) else {
            throw BenchError("measuring \(executable) failed: \(output.stderrText)\(output.stdoutText)")
        }
        return Measurement(seconds: seconds, peakRSSBytes: peak, status: status)
    }

    /// The launcher: runs `executable` (inheriting this environment, output discarded) and
    /// prints `seconds peak-bytes status`.
    static func launch(_ executable: String, _ arguments: [String]) throws -> String {
        let start = DispatchTime.now()
        let child = try ChildProcess(executable, arguments, standardOutput: .null, standardError: .null)
        let termination = child.waitForExit()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        return "\(seconds) \(child.peakResidentBytes) \(termination.status)"
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
