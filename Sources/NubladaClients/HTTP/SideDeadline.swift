import Foundation

/// How long one side of a refresh may take, and what each of its requests may wait for. A side
/// is what one refresh reads from one server: the registry (its tags or images, digests and
/// token service), the Kubernetes nodes, the Kubernetes pods. These are the numbers the README
/// quotes; tests inject smaller ones.
public struct SideLimits: Sendable, Equatable {
    /// Everything one side does for a refresh (connecting, waiting, transferring, fetching
    /// tokens, retrying) ends within this many seconds: a server that accepts and never answers
    /// costs a side 60 s at most, well inside the 90 s an admin should wait for a verdict.
    public var budget: Double
    /// A connection (TCP, proxy and TLS handshake) must be up within this many seconds.
    public var connect: Double
    /// The first byte of an answer must come within this many seconds of the request's start.
    public var firstByte: Double
    /// An answer that has begun may pause this long at most (a stalled transfer).
    public var stall: Double
    /// The most pages a listing follows: 10,000. A 100,000-tag repository is 100 pages of 1,000
    /// tags, or 1,000 of the 100 Docker Hub allows; 10,000 nodes are 20 pages.
    public var maximumPages: Int
    /// The most items (tags, images, nodes, pods) a listing collects: 1,000,000, ten times the
    /// 100,000 tags of the largest real repository.
    public var maximumItems: Int

    public init(budget: Double = 60, connect: Double = 10, firstByte: Double = 30, stall: Double = 30,
                maximumPages: Int = 10_000, maximumItems: Int = 1_000_000) {
        self.budget = budget
        self.connect = connect
        self.firstByte = firstByte
        self.stall = stall
        self.maximumPages = maximumPages
        self.maximumItems = maximumItems
    }

    /// The shipped limits.
    public static let standard = SideLimits()
}

/// The end of one side's budget. Every request, token fetch and retry of that side carries
/// it: a request gets the least of the time left and its own timeout, and a retry is not
/// started when its delay would pass the end.
public struct Deadline: Sendable {
    /// The side, for messages: `registry`, `nodes`, `pods`.
    public let side: String
    public let limits: SideLimits
    /// When the budget ends, in nanoseconds of the monotonic clock.
    private let end: UInt64

    /// A deadline `limits.budget` seconds from now.
    public init(side: String, limits: SideLimits = .standard) {
        self.side = side
        self.limits = limits
        end = Deadline.now() + UInt64(max(0, limits.budget) * 1e9)
    }

    /// Seconds left (0 once passed).
    public var remaining: Double {
        let now = Deadline.now()
        return now >= end ? 0 : Double(end - now) / 1e9
    }

    public var hasPassed: Bool { remaining <= 0 }

    /// "the registry side's 60 s budget", for messages.
    public var budgetName: String { "the \(side) side's \(HTTPError.seconds(limits.budget)) budget" }

    /// Sets a request's waits from the limits and ties it to this deadline.
    public func bound(_ request: inout HTTPRequest) {
        request.deadline = self
        request.timeout = limits.budget
        request.connectTimeout = limits.connect
        request.firstByteTimeout = limits.firstByte
        request.idleTimeout = limits.stall
    }

    /// The monotonic clock (never set back, unlike the wall clock), in nanoseconds.
    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
}
