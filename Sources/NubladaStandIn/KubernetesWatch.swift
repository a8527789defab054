import Foundation
import Hummingbird
import NIOCore

/// `GET /api/v1/nodes?watch=1`: a 200 stream (chunked, no Content-Length) of newline-delimited
/// watch events, as an apiserver sends them:
///
/// - `{"type":"ADDED"|"MODIFIED"|"DELETED","object":{...Node...}}` for every change after
///   `resourceVersion` to a node the selector matches, in order, as they happen; each object's
///   `metadata.resourceVersion` is its change's. A node that stops matching the selector is
///   DELETED (its previous state, at the change's version), one that starts to is ADDED.
/// - `resourceVersion` omitted or "0": first an ADDED event for every current node.
/// - `resourceVersion` older than the kept history: one
///   `{"type":"ERROR","object":{...Status 410 Expired "too old resource version: RV (OLDEST)"}}`
///   and the end of the stream.
/// - `allowWatchBookmarks=true`: `{"type":"BOOKMARK","object":{"kind":"Node","apiVersion":"v1",
///   "metadata":{"resourceVersion":"N"}}}` after every bookmark interval without an event.
/// - `timeoutSeconds=N` ends the stream after N seconds; otherwise it stays open until the
///   client goes or the server stops.
///
/// An idle watch waits on a doorbell the data setters ring; it costs nothing.
extension StandInServer {
    func watchResponse(_ watch: NodeWatchRequest, request: Request, channel: any Channel) -> Response {
        let state = self.state
        let streams = watchStreams
        let body = ResponseBody { writer in
            streams.enter()
            defer { streams.leave() }
            let (doorbell, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
            // A client that goes away ends the stream at once, not at the next write.
            channel.closeFuture.whenComplete { _ in continuation.finish() }
            let stream = NodeWatchStream(state: state, watch: watch)
            try await request.body.consumeWithInboundCloseHandler { _ in
                try await stream.run(into: &writer, doorbell: doorbell, continuation: continuation)
            } onInboundClosed: {
                continuation.finish()
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: body)
    }

    /// Ends every open watch stream (cleanly, as at its timeout) and waits a little for them to
    /// have written their end.
    func endWatches() {
        state.withLock { $0.watch.finishAll() }
        _ = watchStreams.wait(timeout: .now() + 2)
    }

    /// How many watch streams are open.
    var openWatchCount: Int { state.withLock { $0.watch.watchCount } }
}

/// One watch stream's loop.
struct NodeWatchStream: Sendable {
    let state: Locked<StandInState>
    let watch: NodeWatchRequest

    /// Write at least this much at a time when a backlog is sent.
    private static let flushSize = 256 * 1024

    private enum Start {
        case expired(requested: Int, oldest: Int)
        case started(id: Int, initial: [NodeRecord], cursor: Int, bookmarkInterval: Double)
    }

    func run(into writer: inout any ResponseBodyWriter, doorbell: AsyncStream<Void>,
             continuation: AsyncStream<Void>.Continuation) async throws
    {
        let start = state.withLock { state -> Start in
            if let version = watch.resourceVersion, version < state.watch.horizon {
                return .expired(requested: version, oldest: state.watch.horizon)
            }
            let id = state.watch.subscribe(continuation)
            guard watch.resourceVersion == nil else {
                continuation.yield()  // send the kept changes after the version at once
                return .started(id: id, initial: [], cursor: watch.resourceVersion!,
                                bookmarkInterval: state.watchBookmarkInterval)
            }
            let selector = watch.selector
            let initial = selector.requirements.isEmpty
                ? state.nodes.records : state.nodes.records.filter { selector.matches($0.labels) }
            return .started(id: id, initial: initial, cursor: state.nodes.resourceVersion,
                            bookmarkInterval: state.watchBookmarkInterval)
        }
        var buffer = ByteBufferAllocator().buffer(capacity: 4096)
        guard case .started(let id, let initial, var cursor, let bookmarkInterval) = start else {
            if case .expired(let requested, let oldest) = start {
                let status = ErrorBodies.kubernetes(
                    410, reason: "Expired", message: "too old resource version: \(requested) (\(oldest))")
                Self.append("ERROR", status, to: &buffer)
                try await writer.write(buffer)
            }
            return
        }
        defer { state.withLock { $0.watch.unsubscribe(id) } }

        let clock = ContinuousClock()
        var lastSent = clock.now
        let timer = timerTask(continuation, bookmarkInterval: bookmarkInterval)
        defer { timer?.cancel() }

        for record in initial {
            Self.append("ADDED", record.json, to: &buffer)
            if buffer.readableBytes >= Self.flushSize { try await flush(&buffer, into: &writer) }
        }
        try await flush(&buffer, into: &writer)
        if !initial.isEmpty { lastSent = clock.now }

        for await _ in doorbell {
            let drained = state.withLock { state -> (changes: [NodeChange], current: Int)? in
                // nil: changes this watch has not sent are gone (it fell that far behind); end
                // the stream, as an apiserver drops a watcher that cannot keep up.
                guard let changes = state.watch.changes(after: cursor) else { return nil }
                return (changes, max(cursor, state.nodes.resourceVersion))
            }
            guard let drained else { break }
            var sent = false
            for change in drained.changes {
                guard let (type, object) = event(for: change) else { continue }
                Self.append(type, object, to: &buffer)
                sent = true
                if buffer.readableBytes >= Self.flushSize { try await flush(&buffer, into: &writer) }
            }
            cursor = drained.current
            if sent {
                lastSent = clock.now
            } else if watch.bookmarks && clock.now - lastSent >= .seconds(bookmarkInterval) {
                Self.append("BOOKMARK", Array(#"{"kind":"Node","apiVersion":"v1","metadata":{"resourceVersion":"\#(cursor)"}}"#.utf8),
                            to: &buffer)
                lastSent = clock.now
            }
            try await flush(&buffer, into: &writer)
        }
    }

    /// The event `change` is to this watch (nil when its selector sees nothing of it).
    private func event(for change: NodeChange) -> (type: String, object: [UInt8])? {
        let selector = watch.selector
        if selector.requirements.isEmpty { return (change.kind.rawValue, change.object.json) }
        let matches = selector.matches(change.object.labels)
        switch change.kind {
        case .added, .deleted:
            return matches ? (change.kind.rawValue, change.object.json) : nil
        case .modified:
            let matched = change.previous.map { selector.matches($0.labels) } ?? false
            switch (matched, matches) {
            case (true, true): return ("MODIFIED", change.object.json)
            case (false, true): return ("ADDED", change.object.json)
            case (true, false):
                let previous = change.previous?.json ?? change.object.json
                return ("DELETED", ResourceVersionStamp.stamp(previous, change.resourceVersion))
            case (false, false): return nil
            }
        }
    }

    /// Rings the doorbell every bookmark interval (when asked for bookmarks) and ends the
    /// stream at `timeoutSeconds`; nil when neither applies.
    private func timerTask(_ continuation: AsyncStream<Void>.Continuation, bookmarkInterval: Double) -> Task<Void, Never>? {
        guard watch.bookmarks || watch.timeoutSeconds != nil else { return nil }
        let clock = ContinuousClock()
        let deadline = watch.timeoutSeconds.map { clock.now + .seconds($0) }
        let bookmarks = watch.bookmarks
        let interval = Duration.seconds(max(0.01, bookmarkInterval))
        return Task {
            while !Task.isCancelled {
                var wake = bookmarks ? clock.now + interval : deadline!
                if let deadline, deadline < wake { wake = deadline }
                try? await Task.sleep(until: wake, clock: clock)
                if Task.isCancelled { return }
                if let deadline, clock.now >= deadline {
                    continuation.finish()
                    return
                }
                continuation.yield()
            }
        }
    }

    private func flush(_ buffer: inout ByteBuffer, into writer: inout any ResponseBodyWriter) async throws {
        guard buffer.readableBytes > 0 else { return }
        try await writer.write(buffer)
        buffer = ByteBufferAllocator().buffer(capacity: 4096)
    }

    /// `{"type":"TYPE","object":OBJECT}` and a newline.
    private static func append(_ type: String, _ object: [UInt8], to buffer: inout ByteBuffer) {
        buffer.writeString("{\"type\":\"\(type)\",\"object\":")
        buffer.writeBytes(object)
        buffer.writeString("}\n")
    }
}
