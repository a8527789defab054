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
    func watchResponse<Feed: WatchFeed>(_ watch: NodeWatchRequest, feed: Feed, request: Request, channel: any Channel) -> Response {
        let state = self.state
        let streams = watchStreams
        let body = ResponseBody { writer in
            streams.enter()
            defer { streams.leave() }
            let (doorbell, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
            // A client that goes away ends the stream at once, not at the next write.
            channel.closeFuture.whenComplete { _ in continuation.finish() }
            let stream = WatchStream(state: state, watch: watch, feed: feed)
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
    public func endWatches() {
        state.withLock { $0.watch.finishAll() }
        _ = watchStreams.wait(timeout: .now() + 2)
    }

    /// How many watch streams are open.
    var openWatchCount: Int { state.withLock { $0.watch.watchCount } }
}

/// What a watch stream reads from the stand-in's state: the nodes, or the pods.
protocol WatchFeed: Sendable {
    /// `Node`, `Pod`: the kind of a BOOKMARK event's object.
    var kind: String { get }
    /// The oldest version whose later changes are kept, and the current version.
    func versions(_ state: StandInState) -> (horizon: Int, current: Int)
    /// Every current object the selector matches (a watch from no version starts with them).
    func initial(_ state: StandInState, selector: LabelSelector) -> [[UInt8]]
    /// The events after `version` for `selector`; nil when they are no longer kept.
    func events(_ state: StandInState, after version: Int, selector: LabelSelector) -> [(type: String, object: [UInt8])]?
}

/// The nodes' changes as watch events.
struct NodeFeed: WatchFeed {
    var kind: String { "Node" }

    func versions(_ state: StandInState) -> (horizon: Int, current: Int) { (state.watch.horizon, state.nodes.resourceVersion) }

    func initial(_ state: StandInState, selector: LabelSelector) -> [[UInt8]] {
        let records = state.nodes.records
        return (selector.requirements.isEmpty ? records : records.filter { selector.matches($0.labels) }).map(\.json)
    }

    func events(_ state: StandInState, after version: Int, selector: LabelSelector) -> [(type: String, object: [UInt8])]? {
        state.watch.changes(after: version)?.compactMap { change in
            WatchEventFilter.event(
                kind: change.kind, labels: change.object.labels, json: change.object.json,
                previousLabels: change.previous?.labels,
                previousJSON: { (change.previous?.json).map { ResourceVersionStamp.stamp($0, change.resourceVersion) } },
                selector: selector)
        }
    }
}

/// What one change is to a watch with a label selector, as the apiserver decides it.
enum WatchEventFilter {
    /// The event (nil when the selector sees nothing of the change): an object that stops
    /// matching is DELETED (its previous state, `previousJSON`), one that starts to is ADDED.
    static func event(kind: NodeChange.Kind, labels: [String: String], json: [UInt8], previousLabels: [String: String]?,
                      previousJSON: () -> [UInt8]?, selector: LabelSelector) -> (type: String, object: [UInt8])? {
        if selector.requirements.isEmpty { return (kind.rawValue, json) }
        let matches = selector.matches(labels)
        switch kind {
        case .added, .deleted:
            return matches ? (kind.rawValue, json) : nil
        case .modified:
            let matched = previousLabels.map { selector.matches($0) } ?? false
            switch (matched, matches) {
            case (true, true): return ("MODIFIED", json)
            case (false, true): return ("ADDED", json)
            case (true, false): return ("DELETED", previousJSON() ?? json)
            case (false, false): return nil
            }
        }
    }
}

/// One watch stream's loop.
struct WatchStream<Feed: WatchFeed>: Sendable {
    let state: Locked<StandInState>
    let watch: NodeWatchRequest
    let feed: Feed

    /// Write at least this much at a time when a backlog is sent.
    private static var flushSize: Int { 256 * 1024 }

    private enum Start {
        case expired(requested: Int, oldest: Int)
        case started(id: Int, initial: [[UInt8]], cursor: Int, bookmarkInterval: Double)
    }

    func run(into writer: inout any ResponseBodyWriter, doorbell: AsyncStream<Void>,
             continuation: AsyncStream<Void>.Continuation) async throws
    {
        let feed = self.feed
        let start = state.withLock { state -> Start in
            let (horizon, current) = feed.versions(state)
            if let version = watch.resourceVersion, version < horizon {
                return .expired(requested: version, oldest: horizon)
            }
            let id = state.watch.subscribe(continuation)
            guard watch.resourceVersion == nil else {
                continuation.yield()  // send the kept changes after the version at once
                return .started(id: id, initial: [], cursor: watch.resourceVersion!,
                                bookmarkInterval: state.watchBookmarkInterval)
            }
            return .started(id: id, initial: feed.initial(state, selector: watch.selector), cursor: current,
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

        // The timer is a child task, so it runs where the handler runs (the server's own
        // threads), not on the shared pool, which a busy process may keep from it.
        try await withThrowingTaskGroup(of: Void.self) { group in
            if let timer = timer(continuation, bookmarkInterval: bookmarkInterval) { group.addTask(operation: timer) }
            defer { group.cancelAll() }
            for object in initial {
                Self.append("ADDED", object, to: &buffer)
                if buffer.readableBytes >= Self.flushSize { try await flush(&buffer, into: &writer) }
            }
            try await flush(&buffer, into: &writer)
            if !initial.isEmpty { lastSent = clock.now }

            let selector = watch.selector
            for await _ in doorbell {
                let drained = state.withLock { state -> (events: [(type: String, object: [UInt8])], current: Int)? in
                    // nil: changes this watch has not sent are gone (it fell that far behind); end
                    // the stream, as an apiserver drops a watcher that cannot keep up.
                    guard let events = feed.events(state, after: cursor, selector: selector) else { return nil }
                    return (events, max(cursor, feed.versions(state).current))
                }
                guard let drained else { break }
                for event in drained.events {
                    Self.append(event.type, event.object, to: &buffer)
                    if buffer.readableBytes >= Self.flushSize { try await flush(&buffer, into: &writer) }
                }
                cursor = drained.current
                if !drained.events.isEmpty {
                    lastSent = clock.now
                } else if watch.bookmarks && clock.now - lastSent >= .seconds(bookmarkInterval) {
                    Self.append("BOOKMARK", Array(#"{"kind":"\#(feed.kind)","apiVersion":"v1","metadata":{"resourceVersion":"\#(cursor)"}}"#.utf8),
                                to: &buffer)
                    lastSent = clock.now
                }
                try await flush(&buffer, into: &writer)
            }
        }
    }

    /// Rings the doorbell every bookmark interval (when asked for bookmarks) and ends the
    /// stream at `timeoutSeconds`; nil when neither applies.
    private func timer(_ continuation: AsyncStream<Void>.Continuation, bookmarkInterval: Double) -> (@Sendable () async -> Void)? {
        guard watch.bookmarks || watch.timeoutSeconds != nil else { return nil }
        let clock = ContinuousClock()
        let deadline = watch.timeoutSeconds.map { clock.now + .seconds($0) }
        let bookmarks = watch.bookmarks
        let interval = Duration.seconds(max(0.01, bookmarkInterval))
        return {
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
