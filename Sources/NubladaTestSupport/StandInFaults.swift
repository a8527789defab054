import NubladaStandIn

/// Faults a stand-in made with ``StandInServer/init(_:faults:)`` applies from the moment it
/// starts (all can be changed at runtime).
public struct StandInFaults: Sendable, Hashable {
    /// Answer this many registry calls with `registryFailureStatus`.
    public var registryFailures: Int
    public var registryFailureStatus: Int
    /// Answer this many Kubernetes calls with `kubernetesFailureStatus`.
    public var kubernetesFailures: Int
    public var kubernetesFailureStatus: Int
    /// Seconds to stall every answer.
    public var delay: Double
    /// Answer listings with truncated JSON.
    public var malformed: Bool
    /// Answer everything (but `/stats` and `/version`) with 401.
    public var unauthorized: Bool

    public init(registryFailures: Int = 0, registryFailureStatus: Int = 503, kubernetesFailures: Int = 0,
                kubernetesFailureStatus: Int = 503, delay: Double = 0, malformed: Bool = false,
                unauthorized: Bool = false) {
        self.registryFailures = registryFailures
        self.registryFailureStatus = registryFailureStatus
        self.kubernetesFailures = kubernetesFailures
        self.kubernetesFailureStatus = kubernetesFailureStatus
        self.delay = delay
        self.malformed = malformed
        self.unauthorized = unauthorized
    }
}

