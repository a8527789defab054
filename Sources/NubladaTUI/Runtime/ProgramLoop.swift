import Dispatch
import Foundation
import Synchronization

/// The one loop that runs every screen (the dashboard, the overview), the way Bubble Tea runs
/// every model: it owns the state, applies each message in order on its queue, hands each
/// effect to its `Handler` and, when it has a terminal, paints a frame after each batch.
/// Background work reports back with `send`, from any thread.
///
/// With a terminal (`TerminalProgram`) its queue is the main queue and the terminal's events
/// are its messages; without one (`headless`) a timer gives it its ticks, the effects are
/// carried out all the same and nothing is painted: a server's loop.
public final class ProgramLoop<Model: Program>: Sendable {
    /// What the outside does for a model.
    public struct Handler: Sendable {
        /// Carries out an effect: starts background work (whose result comes back through the
        /// loop's `send`), or acts at once and returns the messages that follow from it (a
        /// theme applied), which are applied before the next message.
        public var perform: @Sendable (Model.Effect, ProgramLoop<Model>) -> [Model.Message]
        /// What the outside adds after a message (after a tick: the hosts a running refresh
        /// still waits on), applied at once.
        public var after: @Sendable (Model.Message, Model) -> [Model.Message]

        public init(perform: @escaping @Sendable (Model.Effect, ProgramLoop<Model>) -> [Model.Message],
                    after: @escaping @Sendable (Model.Message, Model) -> [Model.Message] = { _, _ in [] }) {
            self.perform = perform
            self.after = after
        }
    }

    private let state: Mutex<Model>
    private let queue: DispatchQueue
    private let handler: Handler
    private let paint: (@Sendable (Model) -> Void)?
    private let timer = Mutex<(any DispatchSourceTimer)?>(nil)

    /// - Parameters:
    ///   - queue: where every message is applied and every effect performed, one at a time.
    ///   - paint: draws the state after each batch of messages; nil without a terminal.
    public init(_ model: Model, queue: DispatchQueue, handler: Handler, paint: (@Sendable (Model) -> Void)? = nil) {
        state = Mutex(model)
        self.queue = queue
        self.handler = handler
        self.paint = paint
    }

    /// The state now.
    public var model: Model { state.withLock { $0 } }

    /// Applies `messages` on the loop's queue (from any thread; never waits).
    public func send(_ messages: [Model.Message]) {
        queue.async { self.apply(messages) }
    }

    /// Applies `messages` now, then paints one frame. Call it on the loop's queue.
    func apply(_ messages: [Model.Message]) {
        dispatchPrecondition(condition: .onQueue(queue))
        for message in messages { apply(message) }
        if let paint { paint(model) }
    }

    private func apply(_ message: Model.Message) {
        let effects = state.withLock { $0.update(message) }
        for effect in effects {
            for following in handler.perform(effect, self) { apply(following) }
        }
        for following in handler.after(message, model) { apply(following) }
    }

    /// A loop without a terminal (a server's), started: a tick now, then one every `interval`
    /// seconds with the time `now` gives; effects are performed, nothing is painted. Until `stop`.
    public static func headless(_ model: Model, label: String, handler: Handler, tickEvery interval: Double,
                                now: @escaping @Sendable () -> Double) -> ProgramLoop<Model> {
        let loop = ProgramLoop(model, queue: DispatchQueue(label: label), handler: handler)
        loop.startTicking(every: interval, now: now)
        return loop
    }

    private func startTicking(every interval: Double, now: @escaping @Sendable () -> Double) {
        timer.withLock { timer in
            let source = DispatchSource.makeTimerSource(queue: queue)
            source.schedule(deadline: .now(), repeating: interval, leeway: .milliseconds(50))
            source.setEventHandler { [weak self] in self?.apply([.tick(now: now())]) }
            source.resume()
            timer = source
        }
    }

    /// Stops the ticks of a headless loop; work in flight finishes and is applied.
    public func stop() {
        timer.withLock { timer in
            timer?.cancel()
            timer = nil
        }
    }
}
