import NubladaStandIn
import Synchronization

/// The tests' and benchmarks' fault switches and records on a stand-in: a request filter
/// (``StandInRequestFilter``) that fails, slows, truncates or refuses requests as told, counts
/// them, keeps what the Docker registry did, and answers `/stats` on both
/// listeners. ``StandInServer`` reaches it through `failRegistry`, `delay`,
/// `registryRequestCount`, `dockerRequests` and the like (StandInServer+Faults.swift,
/// StandInServer+Records.swift).
public final class StandInFaultSwitches: StandInFailureInjecting {
    struct State {
        var faults: StandInFaults
        /// Separate malformed switches per side (``StandInFaults/malformed`` sets both).
        var malformedRegistry: Bool
        var malformedKubernetes: Bool
        var registryRequests = 0
        var kubernetesRequests = 0
        var registryFaultsServed = 0
        var kubernetesFaultsServed = 0
        var records = Records()
    }

    /// What the Docker registry and the token side did.
    struct Records {
        var dockerRequests: [StandInDockerRequest] = []
        var manifestsInFlight = 0
        var maximumManifestsInFlight = 0
        var dockerTokensIssued = 0
    }

    let state: Mutex<State>
    /// The server, for the data counts of `/stats` (weak: the server holds its filters).
    private let server = Mutex<WeakServer>(WeakServer())

    private struct WeakServer { weak var server: StandInServer? }

    public init(_ faults: StandInFaults = StandInFaults()) {
        state = Mutex(State(faults: faults, malformedRegistry: faults.malformed, malformedKubernetes: faults.malformed))
    }

    /// Lets `/stats` report `server`'s data.
    func attach(_ server: StandInServer) { self.server.withLock { $0.server = server } }

    // MARK: StandInRequestFilter

    /// Counts a request to `side` and consumes one queued failure, if any.
    public func verdict(for side: StandInSide) -> StandInVerdict {
        state.withLock { state in
            let action: StandInVerdict.Action
            switch side {
            case .registry:
                state.registryRequests += 1
                if state.faults.unauthorized {
                    action = .unauthorized
                } else if state.faults.registryFailures > 0 {
                    state.faults.registryFailures -= 1
                    state.registryFaultsServed += 1
                    action = .fail(status: state.faults.registryFailureStatus)
                } else {
                    action = state.malformedRegistry ? .serveMalformed : .serve
                }
            case .kubernetes:
                state.kubernetesRequests += 1
                if state.faults.unauthorized {
                    action = .unauthorized
                } else if state.faults.kubernetesFailures > 0 {
                    state.faults.kubernetesFailures -= 1
                    state.kubernetesFaultsServed += 1
                    action = .fail(status: state.faults.kubernetesFailureStatus)
                } else {
                    action = state.malformedKubernetes ? .serveMalformed : .serve
                }
            }
            return StandInVerdict(action, delay: state.faults.delay)
        }
    }

    /// `/stats` on either listener, without credentials: the counters, the switches and the data's size.
    public func intercept(_ request: StandInIncoming) async -> StandInInterception? {
        guard request.path == "/stats" || request.path == "/stats/" else { return nil }
        let server = self.server.withLock { $0.server }
        let state = self.state.withLock { $0 }
        let fields: [(String, String)] = [
            ("registryRequests", String(state.registryRequests)),
            ("kubernetesRequests", String(state.kubernetesRequests)),
            ("registryFaultsServed", String(state.registryFaultsServed)),
            ("kubernetesFaultsServed", String(state.kubernetesFaultsServed)),
            ("pendingRegistryFailures", String(state.faults.registryFailures)),
            ("pendingKubernetesFailures", String(state.faults.kubernetesFailures)),
            ("registryImages", String(server?.registryImageCount ?? 0)),
            ("nodes", String(server?.nodeCount ?? 0)),
            ("resourceVersion", "\"\(server?.nodeListResourceVersion ?? "0")\""),
            ("delay", String(state.faults.delay)),
            ("malformedRegistry", String(state.malformedRegistry)),
            ("malformedKubernetes", String(state.malformedKubernetes)),
            ("unauthorized", String(state.faults.unauthorized)),
        ]
        return .answer(StandInFilterAnswer(body: Array(("{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}").utf8)))
    }

    public func observe(_ event: StandInEvent) {
        state.withLock { state in
            switch event {
            case .dockerRequest(let request): state.records.dockerRequests.append(request)
            case .dockerManifestBegan:
                state.records.manifestsInFlight += 1
                state.records.maximumManifestsInFlight = max(state.records.maximumManifestsInFlight, state.records.manifestsInFlight)
            case .dockerManifestEnded: state.records.manifestsInFlight -= 1
            case .dockerTokenIssued: state.records.dockerTokensIssued += 1
            }
        }
    }

    // MARK: StandInFailureInjecting

    public func failNext(_ count: Int, status: Int, on side: StandInSide) {
        state.withLock {
            switch side {
            case .registry:
                $0.faults.registryFailures = max(0, count)
                $0.faults.registryFailureStatus = status
            case .kubernetes:
                $0.faults.kubernetesFailures = max(0, count)
                $0.faults.kubernetesFailureStatus = status
            }
        }
    }

    public func setDelay(_ seconds: Double) { state.withLock { $0.faults.delay = max(0, seconds) } }

    /// Turns every fault off (the counters stay).
    public func clearFailures() {
        state.withLock {
            $0.faults = StandInFaults()
            $0.malformedRegistry = false
            $0.malformedKubernetes = false
        }
    }
}
