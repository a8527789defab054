/// The credential a Docker registry gets: what docker itself would send for that host.
/// Secrets are never part of `description`.
public enum DockerCredential: Sendable, Equatable, CustomStringConvertible {
    /// No credential: registries that allow it issue anonymous pull tokens.
    case anonymous(reason: String)
    /// A user name and password (or personal access token), sent as Basic credentials.
    case basic(username: String, password: String, origin: String)
    /// An identity token (a helper's `Username` of `<token>`, or `identitytoken` in config.json):
    /// docker trades it for a registry token with an OAuth2 refresh-token grant, and so does nubladash.
    case identityToken(String, origin: String)

    /// Where the credential came from and which user, for `auth-check` and errors.
    public var description: String {
        switch self {
        case .anonymous(let reason): return "anonymous (\(reason))"
        case .basic(let username, _, let origin): return "user \(username) from \(origin)"
        case .identityToken(_, let origin): return "identity token from \(origin)"
        }
    }

    public var isAnonymous: Bool {
        if case .anonymous = self { return true }
        return false
    }
}
