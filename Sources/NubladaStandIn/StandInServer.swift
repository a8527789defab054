import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// An in-process stand-in for Google Artifact Registry and the Kubernetes API, for tests,
/// benchmarks and the demo mode.
///
/// ```swift
/// let server = StandInServer(configuration: StandInConfiguration())
/// try server.start()                  // blocks until both listeners are bound
/// try server.setRegistry(json: listing)
/// try server.setNodes(json: nodeList)
/// // ... point clients at server.registryURL and server.kubernetesURL ...
/// server.stop()
/// ```
///
/// Data can be changed from any thread while the server runs; the `filters` it is made with
/// (``StandInRequestFilter``) see each request, to fail or slow it.
public final class StandInServer: Sendable {
    /// How the server was configured.
    public let configuration: StandInConfiguration
    /// What sees each request before it is served (in this order).
    public let filters: [any StandInRequestFilter]
    let state: Locked<StandInState>
    private let lifecycle = Locked(Lifecycle())
    /// The Docker registry's repository, settings and records (StandInServer+Docker.swift).
    package let docker = Locked(DockerRegistryState())
    /// Open watch streams (KubernetesWatch.swift), so `stop()` can let them end cleanly.
    let watchStreams = DispatchGroup()

    private struct Lifecycle: Sendable {
        var registryPort = 0
        var kubernetesPort = 0
        var task: Task<Void, Never>?
        var latch: StartupLatch?
        var ledger: ConnectionLedger?
        var starting = false
    }

    public init(configuration: StandInConfiguration, filters: [any StandInRequestFilter] = []) {
        self.configuration = configuration
        self.filters = filters
        self.state = Locked(StandInState())
    }

    /// The first of `filters` of type `type`.
    public func filter<Filter: StandInRequestFilter>(_ type: Filter.Type) -> Filter? {
        filters.lazy.compactMap { $0 as? Filter }.first
    }

    /// The filter the demo's scripted failures go to, if the server has one.
    public var failureInjector: (any StandInFailureInjecting)? {
        filters.lazy.compactMap { $0 as? any StandInFailureInjecting }.first
    }

    deinit {
        // The listeners hold the server weakly: dropping the last reference ends them
        // (without waiting, as this may run on one of the server's own threads).
        state.withLock { $0.watch.finishAll() }
        Self.closeListenersThenCancel(lifecycle.current, wait: false)
    }

    // MARK: Addresses

    /// `http://127.0.0.1:PORT` of the registry listener (port 0 before `start()`).
    public var registryURL: String { "http://\(configuration.host):\(lifecycle.current.registryPort)" }

    /// `http://127.0.0.1:PORT` (the security's scheme, `https`, with one) of the Kubernetes
    /// listener (port 0 before `start()`).
    public var kubernetesURL: String {
        "\(configuration.kubernetesSecurity?.urlScheme ?? "http")://\(configuration.host):\(lifecycle.current.kubernetesPort)"
    }

    /// Whether the listeners are up.
    public var isRunning: Bool { lifecycle.current.task != nil }

    // MARK: Security

    /// The CA that signed the Kubernetes listener's certificate, PEM ("" without one).
    public var caCertificatePEM: String { configuration.kubernetesSecurity?.certificateAuthorityPEM ?? "" }

    // MARK: Lifecycle

    /// Binds both listeners on the configured host (ports chosen by the system) and returns
    /// once both accept connections. Callable from synchronous code; the HTTP server runs on
    /// its own threads. Calling it on a running (or starting) server does nothing.
    public func start() throws {
        let claimed = lifecycle.withLock { lifecycle -> Bool in
            guard lifecycle.task == nil, !lifecycle.starting else { return false }
            lifecycle.starting = true
            return true
        }
        guard claimed else { return }
        let ledger = ConnectionLedger()
        let latch = StartupLatch()
        let logger = Logger(label: "nubladash.standin") { _ in SwiftLogNoOpLogHandler() }
        let host = configuration.host

        let registryApp = Application(
            responder: CallbackResponder { [weak self] (request: Request, context: StandInRequestContext) in
                guard let self else { return StandInReply.json(ErrorBodies.google(503), status: 503).response }
                return await respond(.registry, to: request, context: context)
            },
            server: ledger.http1(),
            configuration: ApplicationConfiguration(address: .hostname(host, port: 0)),
            onServerRunning: { channel in
                await ledger.watch(listener: channel)
                latch.bound(.registry, listener: channel)
            },
            logger: logger)
        let kubernetesApp = Application(
            responder: CallbackResponder { [weak self] (request: Request, context: StandInRequestContext) in
                guard let self else { return StandInReply.json(ErrorBodies.kubernetes(503), status: 503).response }
                return await respond(.kubernetes, to: request, context: context)
            },
            server: ledger.http1(security: configuration.kubernetesSecurity),
            configuration: ApplicationConfiguration(address: .hostname(host, port: 0)),
            onServerRunning: { channel in
                await ledger.watch(listener: channel)
                latch.bound(.kubernetes, listener: channel)
            },
            logger: logger)

        let run: @Sendable () async -> Void = {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    do { try await registryApp.run() } catch { latch.failed(error) }
                }
                group.addTask {
                    do { try await kubernetesApp.run() } catch { latch.failed(error) }
                }
                // When one listener ends (failure or cancellation), end the other.
                await group.next()
                group.cancelAll()
            }
            latch.finish()
        }
        let task: Task<Void, Never>
        if #available(macOS 15.0, iOS 18.0, tvOS 18.0, watchOS 11.0, *) {
            // Handlers run on the server's own threads, so callers may block the
            // cooperative pool (a test waiting here, or in a synchronous HTTP client).
            let executor = DedicatedExecutor(label: "nubladash-standin")
            task = Task(executorPreference: executor) {
                await run()
                executor.shutdown()
            }
        } else {
            task = Task { await run() }
        }
        do {
            let ports = try latch.waitUntilBound(timeout: 60)
            lifecycle.withLock {
                $0 = Lifecycle(registryPort: ports.registry, kubernetesPort: ports.kubernetes, task: task, latch: latch,
                           ledger: ledger)
            }
        } catch {
            task.cancel()
            latch.waitUntilFinished(timeout: 30)
            lifecycle.withLock { $0.starting = false }
            throw error
        }
    }

    /// Closes both listeners and their connections, and returns once the server has ended.
    /// Calling it on a stopped server does nothing.
    public func stop() {
        let running = lifecycle.withLock { lifecycle -> Lifecycle in
            let running = lifecycle
            lifecycle = Lifecycle()
            return running
        }
        guard let task = running.task else { return }
        // Open watch streams end cleanly first (they would otherwise end with the cancellation).
        endWatches()
        Self.closeListenersThenCancel(running, wait: true)
        running.latch?.waitUntilFinished(timeout: 30)
    }

    /// Ends a running server without the trap of apple/swift-nio#3481: the listeners stop
    /// accepting; once each connection they accepted has been handed to the server (and so will
    /// be finished), they close and the server task is cancelled. With `wait` false this
    /// happens on a thread of its own.
    private static func closeListenersThenCancel(_ running: Lifecycle, wait: Bool) {
        guard let task = running.task else { return }
        let listeners = running.latch?.listeners ?? []
        let ledger = running.ledger
        let finish: @Sendable () -> Void = {
            for listener in listeners { try? listener.setOption(ChannelOptions.autoRead, value: false).wait() }
            // Handing an accepted connection over takes microseconds; the bound only matters
            // if the server is wedged, when cancelling is all that is left.
            let deadline = Date(timeIntervalSinceNow: 20)
            while ledger?.allServed == false, Date() < deadline { Thread.sleep(forTimeInterval: 0.002) }
            for listener in listeners { try? listener.close().wait() }
            task.cancel()
        }
        if wait { finish() } else { Thread.detachNewThread(finish) }
    }

    // MARK: Requests

    private func respond(_ side: StandInSide, to request: Request, context: StandInRequestContext) async -> Response {
        var standInRequest = StandInRequest(request)
        if side == .registry, let reply = await dockerRespond(to: request, standInRequest) { return reply }
        if !filters.isEmpty {
            let incoming = StandInIncoming(request, side: side, path: standInRequest.path,
                                           baseURL: side == .registry ? registryURL : kubernetesURL)
            for filter in filters {
                switch await filter.intercept(incoming) {
                case .answer(let answer)?: return answer.response
                case .authorizeAsListener?:
                    let token = side == .registry ? configuration.registryToken : configuration.kubernetesToken
                    standInRequest.authorization = "Bearer \(token)"
                case nil: break
                }
            }
        }
        let plan = self.plan(for: side)
        if plan.delay > 0 {
            try? await Task.sleep(nanoseconds: UInt64(plan.delay * 1_000_000_000))
        }
        switch side {
        case .registry:
            let api = RegistryAPI(token: configuration.registryToken, pageSizeCap: max(1, configuration.registryPageSizeCap))
            return api.respond(to: standInRequest, plan: plan).response
        case .kubernetes:
            if let security = configuration.kubernetesSecurity {
                standInRequest.verifiedClientCertificate = await security.verifiedClientCertificate(on: context.channel)
            }
            let port = lifecycle.current.kubernetesPort
            let api = KubernetesAPI(token: configuration.kubernetesToken, serverAddress: "\(configuration.host):\(port)")
            switch api.respond(to: standInRequest, plan: plan) {
            case .reply(let reply): return reply.response
            case .watchNodes(let watch): return watchResponse(watch, feed: NodeFeed(), request: request, channel: context.channel)
            case .watchPods(let watch): return watchResponse(watch, feed: PodFeed(), request: request, channel: context.channel)
            case .watchConfigMaps(let watch):
                return watchResponse(watch, feed: ConfigMapFeed(), request: request, channel: context.channel)
            }
        }
    }

    /// Tells every filter what the stand-in did.
    func tell(_ event: StandInEvent) {
        for filter in filters { filter.observe(event) }
    }

    /// What the filters decide for one request to `side`, with the data to serve it from.
    func plan(for side: StandInSide) -> RequestPlan {
        let verdict = StandInVerdict.combined(filters.map { $0.verdict(for: side) })
        return state.withLock { $0.plan(verdict) }
    }
}
