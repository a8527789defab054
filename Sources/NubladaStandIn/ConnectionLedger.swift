import HummingbirdCore
import Logging
import NIOCore

/// Counts the connections the listeners accepted and those the server began to serve, so that
/// `StandInServer.stop()` ends the server only once every accepted connection is served.
/// Closing the listener or cancelling the server while an accepted connection is still on its
/// way to the server traps in NIO ("Deinited NIOAsyncWriter without calling finish()",
/// apple/swift-nio#3481), so `stop()` first stops accepting, waits for this ledger to balance,
/// and only then closes and cancels.
final class ConnectionLedger: Sendable {
    private struct Counts {
        var accepted = 0
        var served = 0
    }

    private let counts = Locked(Counts())

    func accepted() { counts.withLock { $0.accepted += 1 } }
    /// A connection handed to the server, or one whose set-up failed (it never will be).
    func served() { counts.withLock { $0.served += 1 } }

    /// Whether every accepted connection has been handed to the server.
    var allServed: Bool { counts.withLock { $0.served >= $0.accepted } }

    /// Starts counting a listener's accepted connections; call before anyone knows its port.
    func watch(listener: any Channel) async {
        try? await listener.pipeline.addHandler(AcceptCounter(ledger: self), position: .first).get()
    }

    /// An HTTP/1 server builder (inside `security` when given) whose connections this ledger counts.
    func http1(security: (any StandInListenerSecurity)? = nil) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            let http = HTTP1Channel(responder: responder)
            guard let security else { return CountedChildChannel(base: http, ledger: self) }
            return self.counted(try security.secure(http))
        }
    }

    /// `channel` counted; taking it generically opens the existential the security layer gave,
    /// since the count wraps a concrete channel type.
    private func counted(_ channel: some ServerChildChannel) -> any ServerChildChannel {
        CountedChildChannel(base: channel, ledger: self)
    }
}

/// A server child channel that reports to a `ConnectionLedger` when the server starts to
/// handle a connection (or its set-up failed).
private struct CountedChildChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base
    let ledger: ConnectionLedger

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let ledger = self.ledger
        let setUp = base.setup(channel: channel, logger: logger)
        setUp.whenFailure { _ in ledger.served() }
        return setUp
    }

    func handle(value: Value, logger: Logger) async {
        ledger.served()
        await base.handle(value: value, logger: logger)
    }
}

/// Sits first in a listener's pipeline and counts each accepted connection.
private final class AcceptCounter: ChannelInboundHandler, Sendable {
    typealias InboundIn = any Channel

    let ledger: ConnectionLedger

    init(ledger: ConnectionLedger) { self.ledger = ledger }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        ledger.accepted()
        context.fireChannelRead(data)
    }
}
