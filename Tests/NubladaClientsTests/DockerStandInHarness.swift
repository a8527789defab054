import Foundation
import NubladaProcess
import NubladaStandIn
import NubladaWork
@testable import NubladaClients
import NubladaTestSupport

/// A running stand-in Docker registry with one repository, and clients pointed at it.
final class DockerStandInHarness: @unchecked Sendable {
    static let registry = "ts-dockerhub.lsst.org"
    static let repository = "sal-sciplat-lab"

    let server: StandInServer
    /// Tag → digest of what the stand-in serves.
    var digests: [String: String] = [:]
    let tags: [String]

    init(tags count: Int = 12, auth: StandInDockerAuth = .bearer, pageCap: Int = 100) throws {
        server = StandInServer(StandInConfiguration())
        try server.start()
        tags = (1...count).map { String(format: "w_2026_%02d", $0) }
        digests = server.setDockerRepository(Self.repository, tags: tags)
        var settings = server.dockerSettings
        settings.auth = auth
        settings.pageSizeCap = pageCap
        // Tokens outlive any stall of a loaded machine; expiry is tested with a clock of its own.
        settings.tokenLifetime = 3600
        server.dockerSettings = settings
    }

    deinit { server.stop() }

    static let noRetry = RetryPolicy.none

    /// Retries without waiting.
    static var instantRetry: RetryPolicy {
        var policy = RetryPolicy()
        policy.sleep = { _ in }
        return policy
    }

    func client(_ credential: DockerCredential = .anonymous(reason: "test"), repository: String = repository,
                pageSize: Int = 1000, retry: RetryPolicy = instantRetry, concurrency: Int = 8, limits: SideLimits = .standard,
                now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) -> DockerRegistryClient {
        DockerRegistryClient(registry: Self.registry, repository: repository, endpoint: server.registryURL, retry: retry,
                             pageSize: pageSize, concurrency: concurrency, limits: limits, now: now, credential: { credential })
    }

    /// How the client's messages name the registry: the configured host and where requests went.
    var serverName: String { "\(Self.registry) (requests to \(server.registryURL))" }

    var basic: DockerCredential {
        .basic(username: server.dockerSettings.username, password: server.dockerSettings.password, origin: "test")
    }

    func settings(_ change: (inout StandInDockerSettings) -> Void) {
        var settings = server.dockerSettings
        change(&settings)
        server.dockerSettings = settings
    }

    /// Recorded requests to the registry (token service excluded).
    var registryRequests: [StandInDockerRequest] { server.dockerRequests.filter { $0.target.hasPrefix("/v2") } }
    var tokenRequests: [StandInDockerRequest] { server.dockerRequests.filter { $0.target.hasPrefix("/docker/token") } }
}

/// Runs a blocking client call on a thread of its own, never on the concurrency pool.
func blocking<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await Executor.blocking.run(work)
}

/// The error `work` throws, as text ("" and a recorded issue when it throws none).
func errorText(_ work: @escaping @Sendable () throws -> Void) async -> String {
    do {
        try await blocking(work)
    } catch {
        return "\(error)"
    }
    return ""
}

/// A clock that moves only when told (seconds since the epoch).
final class FrozenClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Double

    init(_ start: Double) { value = start }

    var now: @Sendable () -> Double { { [self] in lock.withLock { value } } }

    func advance(_ seconds: Double) { lock.withLock { value += seconds } }
}
