import Foundation
import Synchronization

/// What a soak measures of the dashboard's process after its first minute: CPU time and
/// resident memory, sampled every `interval` seconds until the end. One home for the soaks'
/// sampling loop and their report lines.
struct SoakMeasurement {
    var start: SoakBenchmark.Sample
    var last: SoakBenchmark.Sample
    var peakRSSKiB: Int
    /// Resident memory at each sample after the start.
    var samplesKiB: [Int]

    /// Waits out the first minute, then samples `pid` until `minutes` have passed.
    init(pid: Int32, minutes: Double, interval: Double) throws {
        Thread.sleep(forTimeInterval: 60)
        start = try SoakBenchmark.sample(pid)
        let end = Date().addingTimeInterval(max(0, minutes * 60 - 60))
        peakRSSKiB = start.rssKiB
        samplesKiB = []
        while Date() < end {
            Thread.sleep(forTimeInterval: min(interval, max(0.1, end.timeIntervalSinceNow)))
            let sample = try SoakBenchmark.sample(pid)
            peakRSSKiB = max(peakRSSKiB, sample.rssKiB)
            samplesKiB.append(sample.rssKiB)
        }
        last = try SoakBenchmark.sample(pid)
    }

    var seconds: Double { last.time - start.time }
    var cpuPercent: Double { Double(last.cpuTicks - start.cpuTicks) / Double(sysconf(Int32(_SC_CLK_TCK))) / seconds * 100 }

    /// The CPU and memory lines; `memoryGoal` is appended to the memory line when given.
    func printReport(cpuGoal: String, memoryGoal: String?) {
        print(String(format: "after the first minute, over %.0f s: average CPU %.2f %% of a core (goal %@)",
                     seconds, cpuPercent, cpuGoal))
        print(String(format: "resident memory: %.1f MiB at 1 min, %.1f MiB at the end, peak %.1f MiB; growth %.2f MiB",
                     Double(start.rssKiB) / 1024, Double(last.rssKiB) / 1024, Double(peakRSSKiB) / 1024,
                     Double(last.rssKiB - start.rssKiB) / 1024) + (memoryGoal.map { " (goal \($0))" } ?? ""))
        // Minute by minute, to tell a leak (a steady climb) from the allocator settling (steps that stop).
        let perMinute = max(1, Int((seconds / Double(max(1, samplesKiB.count))).rounded()))
        let stride = max(1, 60 / perMinute)
        let minutes = Swift.stride(from: stride - 1, to: samplesKiB.count, by: stride).map { String(format: "%.1f", Double(samplesKiB[$0]) / 1024) }
        print("resident memory by minute (MiB): " + minutes.joined(separator: " "))
    }

    /// A timer on a global queue that runs `tick` every `seconds` (the soaks' churn), first after one period.
    static func repeating(every seconds: Double, _ tick: @escaping @Sendable () -> Void) -> DispatchSourceTimer {
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + seconds, repeating: seconds)
        timer.setEventHandler(handler: tick)
        timer.resume()
        return timer
    }
}

/// Counts the ticks of a churn timer: each tick takes the next number, from 0.
final class TickCounter: Sendable {
    private let count = Atomic(0)

    func next() -> Int { count.add(1, ordering: .relaxed).oldValue }
}
