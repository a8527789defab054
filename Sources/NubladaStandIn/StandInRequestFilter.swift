/// The seam through which the stand-in's requests can be disturbed, answered or recorded: the
/// filters a ``StandInServer`` is made with see each request before it is served from the
/// data. The demo's scripted failures are one (NubladaDemo); the tests' fault switches and
/// records, and their Google token service, others (NubladaTestSupport, which the shipped
/// binary does not link).
public protocol StandInRequestFilter: Sendable {
    /// What the filter makes of a request before the stand-in routes it (after the Docker
    /// registry's paths, which it answers itself); nil: route it.
    func intercept(_ request: StandInIncoming) async -> StandInInterception?

    /// What becomes of one request to `side` that the stand-in is about to serve from its data
    /// (the registry listing and Docker registry, or the Kubernetes API; not the Docker token
    /// service, nor a request a filter answered itself). Called once per such request.
    func verdict(for side: StandInSide) -> StandInVerdict

    /// Told what the stand-in did, for a filter that keeps records.
    func observe(_ event: StandInEvent)
}

extension StandInRequestFilter {
    public func intercept(_ request: StandInIncoming) async -> StandInInterception? { nil }
    public func verdict(for side: StandInSide) -> StandInVerdict { StandInVerdict() }
    public func observe(_ event: StandInEvent) {}
}

/// A request as filters see it before the stand-in routes it.
public struct StandInIncoming: Sendable {
    public var side: StandInSide
    /// `http://HOST:PORT` (or `https://`) of the listener it came to.
    public var baseURL: String
    public var method: String
    public var path: String
    /// Header values by lowercased name (the last of a repeated one).
    public var headers: [String: String]
    /// The body (at most 1 MiB), read when asked for; it can be read once.
    public var body: @Sendable () async -> String
}

/// What a filter makes of a request before it is routed.
public enum StandInInterception: Sendable {
    /// Answer it with this.
    case answer(StandInFilterAnswer)
    /// Route it as if it carried the listener's own bearer token (one the filter issued stands for it).
    case authorizeAsListener
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

/// A filter's own answer to a request.
public struct StandInFilterAnswer: Sendable {
    public var status: Int
    public var body: [UInt8]
    public var contentType: String
    /// More header fields, by name.
    public var headers: [String: String]

    public init(status: Int = 200, body: [UInt8], contentType: String = "application/json", headers: [String: String] = [:]) {
        self.status = status
        self.body = body
        self.contentType = contentType
        self.headers = headers
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
