/// The four sides a refresh reads, each answering or failing on its own. The raw values
/// are the `source` label a server's metrics give them.
public enum RefreshSide: String, CaseIterable, Hashable, Sendable {
    case registry
    case nodes
    case pods
    case configuration = "config"
}

/// What kind of thing went wrong on a side: a closed set, so that it can be counted (the
/// `kind` label of a metric) and shown without reading the message.
public enum FailureKind: String, CaseIterable, Hashable, Sendable {
    /// No answer: the name did not resolve, the connection was refused, reset or broke off.
    case network
    /// The TLS handshake or the server's certificate failed.
    case tls
    /// A timeout or the side's deadline ran out.
    case timeout
    /// Credentials missing, refused (401) or not to be had (a token source, an exec plugin).
    case auth
    /// The server refused for want of a permission (403).
    case permission
    /// What was asked for is not there (404, a ConfigMap gone).
    case notFound = "not_found"
    /// Any other HTTP status (`SideFailure.status` has its code).
    case httpStatus = "http_status"
    /// The answer could not be read (malformed JSON, a header not as specified).
    case parse
    /// The answer passed one of the bounds nubladash keeps (its size, its pages, a line).
    case limit
    /// The configuration (a file, the controller's ConfigMap, an option) cannot be used.
    case configuration
    /// Nothing above: the message says what.
    case other

    /// The kind an HTTP status means.
    public init(httpStatus status: Int) {
        self = switch status {
        case 401: .auth
        case 403: .permission
        case 404: .notFound
        default: .httpStatus
        }
    }
}

/// What a failure is, beyond its words: its kind, the HTTP status when one caused it, the
/// host or object concerned (`registry.example.org`, `nublado/nublado-controller-config`)
/// and the server's own words when it gave some. The clients' errors carry one, set where
/// the error is made.
public struct FailureCause: Hashable, Sendable {
    public var kind: FailureKind
    public var status: Int?
    public var place: String?
    public var serverMessage: String?

    /// `kind` defaults to what `status` means, else `.other`.
    public init(_ kind: FailureKind? = nil, status: Int? = nil, place: String? = nil, serverMessage: String? = nil) {
        self.kind = kind ?? status.map(FailureKind.init(httpStatus:)) ?? .other
        self.status = status
        self.place = place
        self.serverMessage = serverMessage
    }
}

/// What failed on one side of a refresh: the cause, and the whole sentence an admin reads
/// (the problem first, then where and what to check).
public struct SideFailure: Hashable, Sendable, CustomStringConvertible {
    public var side: RefreshSide
    public var cause: FailureCause
    public var message: String

    public init(side: RefreshSide, cause: FailureCause, message: String) {
        self.side = side
        self.cause = cause
        self.message = message
    }

    public var kind: FailureKind { cause.kind }
    public var status: Int? { cause.status }
    public var place: String? { cause.place }
    public var serverMessage: String? { cause.serverMessage }
    public var description: String { message }
}

/// Why a refresh failed, side by side, and when: the failures of the sides that did not
/// answer (none when the failure belongs to no side), and how they are said.
public struct RefreshFailure: Error, Hashable, Sendable, CustomStringConvertible {
    public let sides: [SideFailure]
    /// The failure as its sides said it: every failed side's message joined by `; ` when some
    /// side answered (`partial`); when none did, the first side's alone (the registry's,
    /// whose message says most). What `snapshot` prints.
    public let text: String
    /// `text` as one line for the screens (whitespace and line breaks made single spaces, at
    /// most `longestMessage` characters): the status line shows its start, shortened (see the
    /// dashboard's `ErrorText`), the `e` overlay all of it.
    public let message: String
    /// Seconds since the epoch.
    public let failedAt: Double
    /// Some side answered: its data is current, beside the failed sides' last good data.
    public let partial: Bool

    public init(sides: [SideFailure], failedAt: Double, partial: Bool) {
        let text = partial ? sides.map(\.message).joined(separator: "; ") : sides.first?.message ?? ""
        self.init(sides: sides, text: text, failedAt: failedAt, partial: partial)
    }

    /// A failure of no particular side (a refresh that could not start), said in `message`.
    public init(message: String, failedAt: Double, partial: Bool = false) {
        self.init(sides: [], text: message, failedAt: failedAt, partial: partial)
    }

    private init(sides: [SideFailure], text: String, failedAt: Double, partial: Bool) {
        self.sides = sides
        self.text = text
        message = RefreshFailure.oneLine(text)
        self.failedAt = failedAt
        self.partial = partial
    }

    /// The words as said (a command that prints the error it caught says what it said before).
    public var description: String { text }

    /// The failure of `side`, when it failed.
    public func failure(of side: RefreshSide) -> SideFailure? { sides.first { $0.side == side } }

    /// Whitespace and line breaks made single spaces (no stack traces), at most
    /// `longestMessage` characters.
    static func oneLine(_ text: String) -> String {
        let words = text.split(whereSeparator: { $0.isWhitespace || $0.isNewline })
        let line = words.joined(separator: " ")
        guard !line.isEmpty else { return "unknown error" }
        return line.count <= longestMessage ? line : String(line.prefix(longestMessage - 1)) + "…"
    }

    public static let longestMessage = 4000
}
