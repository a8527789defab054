import Dispatch
import Foundation
import NubladaStandIn

/// Runs a ``DemoSimulator`` against a ``StandInServer`` in real time: a timer advances the
/// simulated clock `speed` times faster than the wall clock and applies what happened.
public final class DemoDriver: Sendable {
    public let server: StandInServer
    /// Simulated seconds per real second.
    public let speed: Double
    /// The fastest the world may run: a simulated day in under 9 real seconds. Each tick runs
    /// every action due since the last one, so the cost of a tick grows with the speed; far
    /// beyond this a tick would never finish before the next (a whole core, busy for nothing).
    public static let speeds: ClosedRange<Double> = 0.01...10_000
    private let world: Locked<DemoSimulator>

    /// The speed the world runs at for a requested one: within ``speeds``.
    public static func pace(_ speed: Double) -> Double { min(max(speeds.lowerBound, speed), speeds.upperBound) }
    /// Where the ticks run; `start` and `stop` wait on it, so a tick never overlaps them.
    private let queue = DispatchQueue(label: "nubladash.demo.driver")
    private let ticking = Locked(Ticking())

    /// The clock while it runs.
    private struct Ticking {
        var timer: (any DispatchSourceTimer)?
        /// Where simulated moments fall on the wall clock, set when the clock starts.
        var clock = DemoClock.simulated
    }
    private let onEvent: (@Sendable (DemoEvent) -> Void)?

    /// - Parameter onEvent: called (on the driver's queue) for each event as it is applied.
    public init(world: DemoSimulator, server: StandInServer, speed: Double,
                onEvent: (@Sendable (DemoEvent) -> Void)? = nil) {
        self.world = Locked(world)
        self.server = server
        self.speed = Self.pace(speed)
        self.onEvent = onEvent
    }

    /// Serves the world's current state and starts the clock.
    public func start() {
        queue.sync {
            guard ticking.withLock({ $0.timer == nil }) else { return }
            let realStart = Date().timeIntervalSince1970
            let startAt = world.current.now
            let speed = self.speed
            let clock = DemoClock(simulatedStart: startAt, realStart: realStart, speed: speed)
            server.load(world.current, clock: clock)
            let queue = self.queue
            ticking.withLock { ticking in
                let timer = DispatchSource.makeTimerSource(queue: queue)
                timer.schedule(deadline: .now() + 0.25, repeating: 0.25, leeway: .milliseconds(50))
                timer.setEventHandler { [weak self] in
                    self?.tick(simulated: startAt + (Date().timeIntervalSince1970 - realStart) * speed)
                }
                timer.resume()
                ticking = Ticking(timer: timer, clock: clock)
            }
        }
    }

    /// Stops the clock (the server keeps serving the last state).
    public func stop() {
        queue.sync {
            ticking.withLock { ticking in
                ticking.timer?.cancel()
                ticking.timer = nil
            }
        }
    }

    /// The controller's `prepullTimeout` on the wall clock: pods left behind are that many real
    /// seconds old when the simulated timeout passes (what a client of the demo must take as
    /// its `prepullTimeout` to see them stuck).
    public var prepullTimeout: Double { DemoSettings.prepullTimeout / speed }

    /// The simulated time now.
    public var now: Double { world.current.now }

    /// A copy of the world as it stands.
    public var snapshot: DemoSimulator { world.current }

    private func tick(simulated time: Double) {
        let (events, after) = world.withLock { world -> ([DemoEvent], DemoSimulator) in
            let events = world.advance(to: time)
            return (events, world)
        }
        server.apply(events, from: after, clock: ticking.withLock { $0.clock })
        if let onEvent { for event in events { onEvent(event) } }
    }
}
