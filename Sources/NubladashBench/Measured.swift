import Foundation
import NubladaProcess

/// Runs a program with its output discarded and measures its wall time and peak resident
/// memory (from the resource usage `wait4` reports for that one child).
enum Measured {
    struct Measurement {
        var seconds: Double
        var peakRSSBytes: Int
        var status: Int32
    }

    static func run(_ executable: String, _ arguments: [String], environment: [String: String]) throws -> Measurement {
        let start = DispatchTime.now()
        let child = try ChildProcess(executable, arguments, environment: environment,
                                     standardOutput: .null, standardError: .null)
        let termination = child.waitForExit()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        return Measurement(seconds: seconds, peakRSSBytes: child.peakResidentBytes, status: termination.status)
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
