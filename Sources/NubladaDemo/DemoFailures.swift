import NubladaStandIn
import Synchronization

/// The demo's disturbances of its stand-in: the scripted failures of the world (the next
/// requests to a side answered with an error status, slow answers) and the outages
/// (``DemoOutage``). A request filter of the demo's server (``DemoSession``).
public final class DemoFailures: StandInFailureInjecting {
    private struct Pending {
        var count = 0
        var status = 503
    }

    private struct State {
        var registry = Pending()
        var kubernetes = Pending()
        var delay = 0.0
    }

    private let state = Mutex(State())

    public init() {}

    public func verdict(for side: StandInSide) -> StandInVerdict {
        state.withLock { state in
            func take(_ pending: inout Pending) -> StandInVerdict.Action {
                guard pending.count > 0 else { return .serve }
                pending.count -= 1
                return .fail(status: pending.status)
            }
            let action = side == .registry ? take(&state.registry) : take(&state.kubernetes)
            return StandInVerdict(action, delay: state.delay)
        }
    }

    public func failNext(_ count: Int, status: Int, on side: StandInSide) {
        state.withLock { state in
            let pending = Pending(count: max(0, count), status: status)
            if side == .registry { state.registry = pending } else { state.kubernetes = pending }
        }
    }

    public func setDelay(_ seconds: Double) { state.withLock { $0.delay = max(0, seconds) } }

    public func clearFailures() { state.withLock { $0 = State() } }
}
