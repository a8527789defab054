import NubladaEngine
/// A source of OAuth access tokens for Google APIs. Tokens are secrets: never print them.
public protocol AccessTokenProvider: Sendable {
    /// A valid token, from cache when it is fresh.
    func token() throws -> String
    /// Forget the cached token (after a 401).
    func invalidate()
    /// Which source the tokens come from, for messages (never the token itself).
    var sourceDescription: String { get }
    /// The project to bill quota to (`x-goog-user-project`), when the credentials name one.
    var quotaProject: String? { get }
}

extension AccessTokenProvider {
    public var quotaProject: String? { nil }
}

/// Why no access token could be had.
public struct CredentialError: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = MessageText.oneLine(description)
    }
}
