/// A request as the stand-in's API logic sees it (independent of the HTTP server).
struct StandInRequest: Sendable {
    var method: String
    /// The path, still percent-encoded.
    var path: String
    /// Decoded query parameters (the first value of each name).
    var query: [String: String]
    /// The `Authorization` header.
    var authorization: String?
    /// The `Accept` header.
    var accept: String? = nil
    /// The client presented a certificate the listener's security verified.
    var verifiedClientCertificate: Bool = false
}

/// A JSON answer.
struct StandInReply: Sendable {
    var status: Int
    var body: [UInt8]

    static func json(_ body: [UInt8], status: Int = 200) -> StandInReply { StandInReply(status: status, body: body) }

    /// The first half of the body: what a client sees when a listing is cut off.
    var truncated: StandInReply {
        StandInReply(status: status, body: Array(body.prefix(max(1, body.count / 2))))
    }
}

extension StandInRequest {
    /// Whether the `Authorization` header is `Bearer <token>`.
    func hasBearer(_ token: String) -> Bool {
        guard let authorization else { return false }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        return parts.count == 2 && parts[0].lowercased() == "bearer" && parts[1] == token
    }
}
