import NubladaStandIn

/// Where the demo's simulated moments fall on the wall clock, for the timestamps clients
/// compare with their own clock (a pod's `creationTimestamp`: its age, and whether it is
/// older than `prepullTimeout`). The simulator runs `speed` times faster than real time, so
/// a pod 600 simulated seconds old is 600/`speed` real seconds old.
public struct DemoClock: Sendable, Hashable {
    /// The simulated moment that happened at `realStart`.
    public var simulatedStart: Double
    /// Seconds since the epoch (wall clock).
    public var realStart: Double
    /// Simulated seconds per real second.
    public var speed: Double

    public init(simulatedStart: Double, realStart: Double, speed: Double) {
        self.simulatedStart = simulatedStart
        self.realStart = realStart
        self.speed = speed
    }

    /// Simulated time served as is (tests, which step the world without a wall clock).
    public static let simulated = DemoClock(simulatedStart: 0, realStart: 0, speed: 1)

    /// The wall-clock moment of a simulated one.
    public func real(_ simulated: Double) -> Double { realStart + (simulated - simulatedStart) / speed }

    /// A simulated duration in real seconds: what a client of the demo must take as the
    /// controller's `prepullTimeout` to see pods left behind as stuck.
    public func realDuration(_ simulated: Double) -> Double { simulated / speed }
}
