/// Fault switches and counters; all take effect on the next request.
extension StandInServer {
    /// Answers the next `count` registry calls with `status` and a GAR error body
    /// (`{"error":{"code":503,"message":"...","status":"UNAVAILABLE"}}`).
    public func failRegistry(next count: Int, status: Int = 503) {
        state.withLock {
            $0.faults.registryFailures = max(0, count)
            $0.faults.registryFailureStatus = status
        }
    }

    /// Answers the next `count` Kubernetes calls with `status` and a `Status` object.
    public func failKubernetes(next count: Int, status: Int = 503) {
        state.withLock {
            $0.faults.kubernetesFailures = max(0, count)
            $0.faults.kubernetesFailureStatus = status
        }
    }

    /// Seconds every answer (but `/stats`) is stalled.
    public var delay: Double {
        get { state.withLock { $0.faults.delay } }
        set { state.withLock { $0.faults.delay = max(0, newValue) } }
    }

    /// Whether listings (GAR pages and NodeLists) come back as truncated JSON, on both sides.
    /// Reads true when either side is malformed.
    public var malformed: Bool {
        get { state.withLock { $0.malformedRegistry || $0.malformedKubernetes } }
        set {
            state.withLock {
                $0.malformedRegistry = newValue
                $0.malformedKubernetes = newValue
            }
        }
    }

    /// Whether GAR pages come back as truncated JSON.
    public var malformedRegistry: Bool {
        get { state.withLock { $0.malformedRegistry } }
        set { state.withLock { $0.malformedRegistry = newValue } }
    }

    /// Whether NodeLists come back as truncated JSON.
    public var malformedKubernetes: Bool {
        get { state.withLock { $0.malformedKubernetes } }
        set { state.withLock { $0.malformedKubernetes = newValue } }
    }

    /// Whether every call (but `/stats`) is answered 401, whatever the credentials.
    public var unauthorized: Bool {
        get { state.withLock { $0.faults.unauthorized } }
        set { state.withLock { $0.faults.unauthorized = newValue } }
    }

    /// The faults now in force (pending failure counts included).
    public var faults: StandInFaults {
        state.withLock { state in
            var faults = state.faults
            faults.malformed = state.malformedRegistry || state.malformedKubernetes
            return faults
        }
    }

    /// Turns every fault off.
    public func clearFaults() {
        state.withLock {
            $0.faults = StandInFaults()
            $0.malformedRegistry = false
            $0.malformedKubernetes = false
        }
    }

    /// Requests to the registry listener so far (all but `/stats`, failed ones included).
    public var registryRequestCount: Int { state.withLock { $0.registryRequests } }

    /// Requests to the Kubernetes listener so far (all but `/stats`, failed ones included).
    public var kubernetesRequestCount: Int { state.withLock { $0.kubernetesRequests } }

    /// Sets both request counters back to zero.
    public func resetCounters() {
        state.withLock {
            $0.registryRequests = 0
            $0.kubernetesRequests = 0
            $0.registryFaultsServed = 0
            $0.kubernetesFaultsServed = 0
        }
    }
}
