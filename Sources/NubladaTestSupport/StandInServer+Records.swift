import NubladaStandIn

/// What a stand-in made with fault switches (``StandInServer/init(_:faults:)``) recorded of its
/// Docker registry and its token service, and the switches that revoke their tokens.
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
    public var jwtGrantCount: Int { tokenService.state.withLock { $0.grants[.serviceAccount, default: 0] } }
    /// Refresh-token grants issued so far.
    public var refreshGrantCount: Int { tokenService.state.withLock { $0.grants[.refreshToken, default: 0] } }
    /// Tokens the metadata server handed out so far.
    public var metadataTokenCount: Int { tokenService.state.withLock { $0.grants[.metadata, default: 0] } }
    /// Grants refused so far, and why the last one was.
    public var rejectedGrantCount: Int { tokenService.state.withLock { $0.rejectedGrants } }
    public var lastGrantRejection: String? { tokenService.state.withLock { $0.lastRejection } }
    /// The `x-goog-user-project` header of the last registry request (nil when absent).
    public var lastQuotaProject: String? { tokenService.state.withLock { $0.lastQuotaProject } }

    /// Makes every issued access token invalid (the registry answers 401 to them).
    public func revokeIssuedTokens() {
        tokenService.state.withLock { $0.issued.removeAll() }
    }
}
