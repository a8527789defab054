import NubladaStandIn

/// A stand-in with the tests' fault switches and counters (``StandInFaultSwitches``); all
/// take effect on the next request.
extension StandInServer {
    /// A stand-in whose requests go through fault switches, starting with `faults` in force,
    /// with a Google token endpoint and metadata server (``StandInTokenService``). By default
    /// its Kubernetes side is HTTPS (``StandInTLS``), as a real cluster's is.
    public convenience init(_ configuration: StandInConfiguration = StandInConfiguration(kubernetesSecurity: StandInTLS()),
                            faults: StandInFaults = StandInFaults()) {
        let switches = StandInFaultSwitches(faults)
        self.init(configuration: configuration, filters: [switches, StandInTokenService()])
        switches.attach(self)
    }

    /// The server's fault switches (it must have been made with them: `StandInServer(_:faults:)`).
    public var faultSwitches: StandInFaultSwitches {
        guard let switches = filter(StandInFaultSwitches.self) else {
            preconditionFailure("this stand-in has no fault switches: make it with StandInServer(_:faults:)")
        }
        return switches
    }

    /// Answers the next `count` registry calls with `status` and a GAR error body
    /// (`{"error":{"code":503,"message":"...","status":"UNAVAILABLE"}}`).
    public func failRegistry(next count: Int, status: Int = 503) {
        faultSwitches.failNext(count, status: status, on: .registry)
    }

    /// Answers the next `count` Kubernetes calls with `status` and a `Status` object.
    public func failKubernetes(next count: Int, status: Int = 503) {
        faultSwitches.failNext(count, status: status, on: .kubernetes)
    }

    /// Seconds every answer (but `/stats`) is stalled.
    public var delay: Double {
        get { faultSwitches.state.withLock { $0.faults.delay } }
        set { faultSwitches.setDelay(newValue) }
    }

    /// Whether listings (GAR pages and NodeLists) come back as truncated JSON, on both sides.
    /// Reads true when either side is malformed.
    public var malformed: Bool {
        get { faultSwitches.state.withLock { $0.malformedRegistry || $0.malformedKubernetes } }
        set {
            faultSwitches.state.withLock {
                $0.malformedRegistry = newValue
                $0.malformedKubernetes = newValue
            }
        }
    }

    /// Whether GAR pages come back as truncated JSON.
    public var malformedRegistry: Bool {
        get { faultSwitches.state.withLock { $0.malformedRegistry } }
        set { faultSwitches.state.withLock { $0.malformedRegistry = newValue } }
    }

    /// Whether NodeLists come back as truncated JSON.
    public var malformedKubernetes: Bool {
        get { faultSwitches.state.withLock { $0.malformedKubernetes } }
        set { faultSwitches.state.withLock { $0.malformedKubernetes = newValue } }
    }

    /// Whether every call (but `/stats`) is answered 401, whatever the credentials.
    public var unauthorized: Bool {
        get { faultSwitches.state.withLock { $0.faults.unauthorized } }
        set { faultSwitches.state.withLock { $0.faults.unauthorized = newValue } }
    }

    /// The faults now in force (pending failure counts included).
    public var faults: StandInFaults {
        faultSwitches.state.withLock { state in
            var faults = state.faults
            faults.malformed = state.malformedRegistry || state.malformedKubernetes
            return faults
        }
    }

    /// Turns every fault off.
    public func clearFaults() { faultSwitches.clearFailures() }

    /// Requests to the registry listener so far (all but `/stats`, failed ones included).
    public var registryRequestCount: Int { faultSwitches.state.withLock { $0.registryRequests } }

    /// Requests to the Kubernetes listener so far (all but `/stats`, failed ones included).
    public var kubernetesRequestCount: Int { faultSwitches.state.withLock { $0.kubernetesRequests } }

    /// Sets both request counters back to zero.
    public func resetCounters() {
        faultSwitches.state.withLock {
            $0.registryRequests = 0
            $0.kubernetesRequests = 0
            $0.registryFaultsServed = 0
            $0.kubernetesFaultsServed = 0
        }
    }
}
