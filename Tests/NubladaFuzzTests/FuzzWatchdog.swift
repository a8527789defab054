import Foundation

/// Ends the test process when one input runs too long (a hang) or resident memory runs away,
/// after saying which target and iteration: a parse cannot be interrupted from inside, and the
/// input is already in its `InFlightInput` file for the next run to keep.
final class FuzzWatchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var current: (target: String, input: String, started: Date)?
    private var stopped = false
    private let settings: FuzzSettings
    private let memoryLimit: Int

    init(settings: FuzzSettings) {
        self.settings = settings
        memoryLimit = Self.residentBytes() + settings.memoryHeadroomBytes
        let thread = Thread { [self] in watch() }
        thread.name = "nubladash-fuzz-watchdog"
        thread.start()
    }

    func begin(target: String, input: String) {
        lock.withLock { current = (target, input, Date()) }
    }

    func end() {
        lock.withLock { current = nil }
    }

    func stop() {
        lock.withLock { stopped = true }
    }

    private func watch() {
        while true {
            Thread.sleep(forTimeInterval: 0.2)
            let (running, isStopped) = lock.withLock { (current, stopped) }
            if isStopped { return }
            guard let running else { continue }
            let resident = Self.residentBytes()
            if Date().timeIntervalSince(running.started) > settings.hangSeconds {
                die("\(running.target) \(running.input) has run for over \(Int(settings.hangSeconds)) s")
            } else if resident > memoryLimit {
                die("\(running.target) \(running.input) took resident memory to \(resident >> 20) MiB")
            }
        }
    }

    private func die(_ reason: String) -> Never {
        let message = "nubladash fuzz: \(reason) (seed \(settings.seed)); the next run keeps the input as a regression case\n"
        FileHandle.standardError.write(Data(message.utf8))
        exit(70)
    }

    /// Resident memory of this process, from /proc/self/statm.
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
