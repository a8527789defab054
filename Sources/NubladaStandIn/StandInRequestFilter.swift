/// The seam through which the stand-in's requests can be disturbed: the filters a
/// ``StandInServer`` is made with see each request before it is served from the data. The
/// demo's scripted failures are one (NubladaDemo); the tests' fault switches and request
/// counters another (NubladaTestSupport, which the shipped binary does not link).
public protocol StandInRequestFilter: Sendable {
    /// An answer of the filter's own, before the stand-in routes the request (nil: route it).
    func answer(path: String, side: StandInSide) -> StandInFilterAnswer?

    /// What becomes of one request to `side` that the stand-in is about to serve from its data
    /// (the registry listing and Docker registry, or the Kubernetes API; not the token and
    /// metadata endpoints). Called once per such request.
    func verdict(for side: StandInSide) -> StandInVerdict

    /// Told what the stand-in did, for a filter that keeps records.
    func observe(_ event: StandInEvent)
}

extension StandInRequestFilter {
    public func answer(path: String, side: StandInSide) -> StandInFilterAnswer? { nil }
    public func observe(_ event: StandInEvent) {}
}

/// What the stand-in tells its filters it did (``StandInRequestFilter/observe(_:)``).
public enum StandInEvent: Sendable, Hashable {
    /// A request reached the Docker registry or its token service.
    case dockerRequest(StandInDockerRequest)
    /// A Docker manifest request (`HEAD`/`GET`) began, or ended.
    case dockerManifestBegan
    case dockerManifestEnded
    /// The Docker token service issued a token.
    case dockerTokenIssued
    /// The OAuth token endpoint or the metadata server issued an access token.
    case accessTokenIssued(StandInGrant)
    /// The OAuth token endpoint refused a grant, for this reason.
    case grantRejected(String)
    /// A registry request's `x-goog-user-project` header (nil when absent).
    case quotaProject(String?)
}

/// How an access token was obtained from the stand-in's token side.
public enum StandInGrant: Sendable, Hashable {
    /// A service account's signed assertion (JWT bearer grant).
    case serviceAccount
    /// A refresh token (an `authorized_user` file).
    case refreshToken
    /// The metadata server.
    case metadata
}

/// A filter's decision for one request.
public struct StandInVerdict: Sendable, Hashable {
    public enum Action: Sendable, Hashable {
        /// Serve the request.
        case serve
        /// Serve it, with listings cut short (truncated JSON).
        case serveMalformed
        /// Answer with this status and the API's error body.
        case fail(status: Int)
        /// Answer 401.
        case unauthorized
    }

    public var action: Action
    /// Seconds the answer is stalled.
    public var delay: Double

    public init(_ action: Action = .serve, delay: Double = 0) {
        self.action = action
        self.delay = delay
    }

    /// Every filter's verdict on one request, in order: the first that does not serve decides,
    /// a malformed serve wins over a plain one, and the longest delay is taken.
    static func combined(_ verdicts: [StandInVerdict]) -> StandInVerdict {
        var combined = StandInVerdict()
        for verdict in verdicts {
            combined.delay = max(combined.delay, verdict.delay)
            switch (combined.action, verdict.action) {
            case (.serve, _), (.serveMalformed, .fail), (.serveMalformed, .unauthorized): combined.action = verdict.action
            default: break
            }
        }
        return combined
    }
}

/// A filter's own answer: a JSON body and its status.
public struct StandInFilterAnswer: Sendable {
    public var status: Int
    public var json: [UInt8]

    public init(status: Int = 200, json: [UInt8]) {
        self.status = status
        self.json = json
    }
}

/// A filter that fails the next requests to a side and slows answers: what the demo's
/// scripted failures and outages drive (``StandInServer/failureInjector``).
public protocol StandInFailureInjecting: StandInRequestFilter {
    /// Answers the next `count` requests to `side` with `status` (replacing any pending count).
    func failNext(_ count: Int, status: Int, on side: StandInSide)
    /// Stalls every answer `seconds`.
    func setDelay(_ seconds: Double)
    /// Ends every pending failure and the delay.
    func clearFailures()
}
