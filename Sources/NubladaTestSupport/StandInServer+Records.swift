import NubladaStandIn

/// What a stand-in made with fault switches (``StandInServer/init(_:faults:)``) recorded of its
/// Docker registry and its token side, and the switches that revoke their tokens.
extension StandInServer {
    // MARK: Docker registry

    /// Requests the Docker side received (token service included), oldest first.
    public var dockerRequests: [StandInDockerRequest] { faultSwitches.state.withLock { $0.records.dockerRequests } }

    /// The most manifest requests (`HEAD`/`GET`) that were in flight at once.
    public var dockerMaximumManifestConcurrency: Int { faultSwitches.state.withLock { $0.records.maximumManifestsInFlight } }

    /// Tokens the token service issued so far.
    public var dockerTokensIssued: Int { faultSwitches.state.withLock { $0.records.dockerTokensIssued } }

    /// Makes every issued token invalid (the registry answers 401 to them).
    public func revokeDockerTokens() { docker.withLock { $0.tokens.removeAll() } }

    /// Forgets the recorded requests, the concurrency maximum and the token count.
    public func resetDockerRecords() {
        faultSwitches.state.withLock {
            $0.records.dockerRequests = []
            $0.records.maximumManifestsInFlight = 0
            $0.records.dockerTokensIssued = 0
        }
    }

    // MARK: Token side

    /// Service-account (JWT bearer) grants issued so far.
    public var jwtGrantCount: Int { faultSwitches.state.withLock { $0.records.grants[.serviceAccount, default: 0] } }
    /// Refresh-token grants issued so far.
    public var refreshGrantCount: Int { faultSwitches.state.withLock { $0.records.grants[.refreshToken, default: 0] } }
    /// Tokens the metadata server handed out so far.
    public var metadataTokenCount: Int { faultSwitches.state.withLock { $0.records.grants[.metadata, default: 0] } }
    /// Grants refused so far, and why the last one was.
    public var rejectedGrantCount: Int { faultSwitches.state.withLock { $0.records.rejectedGrants } }
    public var lastGrantRejection: String? { faultSwitches.state.withLock { $0.records.lastRejection } }
    /// The `x-goog-user-project` header of the last registry request (nil when absent).
    public var lastQuotaProject: String? { faultSwitches.state.withLock { $0.records.lastQuotaProject } }

    /// Makes every issued access token invalid (the registry answers 401 to them).
    public func revokeIssuedTokens() {
        auth.withLock { $0.issued.removeAll() }
    }
}
