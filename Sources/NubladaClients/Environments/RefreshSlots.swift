import Dispatch
import Synchronization

/// The CPU side of refreshing many environments: at most `limit` evaluations at once (the
/// engine's work on a registry listing and a node list), handed out first come, first served.
/// Waiting on the network takes no slot: a refresh asks for one only once its answers are in,
/// so an environment whose server never answers holds nobody up.
public final class RefreshSlots: Sendable {
    /// At most this many evaluations at a time: they are CPU work, and more at once than
    /// there are cores only adds memory.
    public static let defaultLimit = 4

    public let limit: Int
    private let state: Mutex<State>

    private struct State {
        var busy = 0
        /// Those waiting for a slot, in the order they asked; each is woken with its slot.
        var waiting: [DispatchSemaphore] = []
        /// Most slots ever held at once (tests check the bound with it).
        var peak = 0
    }

    public init(limit: Int = RefreshSlots.defaultLimit) {
        self.limit = max(1, limit)
        state = Mutex(State())
    }

    /// Runs `work` in a slot, waiting for one first when all are held. Every holder computes
    /// and never waits on anything inside, so the wait ends.
    public func hold<T>(_ work: () throws -> T) rethrows -> T {
        let turn = state.withLock { state -> DispatchSemaphore? in
            if state.busy < limit && state.waiting.isEmpty {
                state.busy += 1
                state.peak = max(state.peak, state.busy)
                return nil
            }
            let turn = DispatchSemaphore(value: 0)
            state.waiting.append(turn)
            return turn
        }
        turn?.wait()
        defer { release() }
        return try work()
    }

    /// Slots held now, and the most ever held at once.
    public var load: (busy: Int, peak: Int) { state.withLock { ($0.busy, $0.peak) } }

    /// Hands the slot to the first waiting, else frees it.
    private func release() {
        let next = state.withLock { state -> DispatchSemaphore? in
            guard !state.waiting.isEmpty else {
                state.busy -= 1
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.signal()
    }
}

extension Optional where Wrapped == RefreshSlots {
    /// Runs `work` in a slot when there are slots to share, else at once (a lone refresh).
    func hold<T>(_ work: () throws -> T) rethrows -> T {
        switch self {
        case .some(let slots): try slots.hold(work)
        case .none: try work()
        }
    }
}
