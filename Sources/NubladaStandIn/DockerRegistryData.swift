import Crypto
import Foundation

/// One manifest the stand-in Docker registry serves under a tag: its media type and exact
/// bytes (the digest is their sha256, as a real registry computes it).
public struct StandInDockerManifest: Sendable, Hashable {
    public var tag: String
    public var mediaType: String
    public var body: [UInt8]
    /// `sha256:…` of the body, or the digest a test vector or dataset states.
    public var digest: String

    public init(tag: String, mediaType: String, body: [UInt8]) {
        self.tag = tag
        self.mediaType = mediaType
        self.body = body
        digest = "sha256:" + SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined()
    }

    /// A manifest known by a stated digest (the shared vectors' `registry.json`, the benchmark's
    /// dataset, the demo's world), as the Python stand-in serves them: `HEAD` answers that
    /// digest; the body is a small OCI manifest naming the tag, so a `GET` fallback sees other bytes.
    public init(tag: String, digest: String) {
        self = .synthetic(tag: tag)
        self.digest = digest
    }

    /// A small OCI image manifest unique to `tag` (enough for digests; no blobs behind it).
    public static func synthetic(tag: String, mediaType: String = "application/vnd.oci.image.manifest.v1+json") -> StandInDockerManifest {
        let text = "{\"schemaVersion\":2,\"mediaType\":\"\(mediaType)\",\"annotations\":{\"org.opencontainers.image.ref.name\":\"\(tag)\"}}"
        return StandInDockerManifest(tag: tag, mediaType: mediaType, body: Array(text.utf8))
    }

}

/// How the stand-in Docker registry authenticates.
public enum StandInDockerAuth: Sendable, Hashable {
    /// No authentication at all.
    case none
    /// `WWW-Authenticate: Basic`: every request carries the user and password.
    case basic
    /// Docker's token protocol: `WWW-Authenticate: Bearer realm=…/docker/token,…` and tokens
    /// from that service.
    case bearer
}

/// What the stand-in Docker registry accepts and how it answers; changes apply to the next request.
public struct StandInDockerSettings: Sendable, Hashable {
    public var auth = StandInDockerAuth.bearer
    public var username = "docker-user"
    public var password = "docker-pass"
    /// The identity token a refresh-token grant (POST to the token service) accepts.
    public var identityToken = "docker-identity-token"
    /// Whether the token service issues pull tokens without credentials (public repositories).
    public var allowAnonymous = true
    /// Seconds a token lives (`expires_in`); the registry refuses it afterwards.
    public var tokenLifetime = 300
    /// The largest `tags/list` page, whatever `n` asks for.
    public var pageSizeCap = 100
    /// Whether manifest answers carry `Docker-Content-Digest` (some registries omit it).
    public var sendsDigestHeader = true
    /// A `Link` header value sent with every `tags/list` page instead of the real one (to
    /// test clients against a registry that links elsewhere, in circles, or nonsense).
    public var linkOverride: String?
    /// The token realm the Bearer challenge names instead of the stand-in's own token service.
    public var realmOverride: String?
    /// Every `tags/list` page holds new tags and links to a new page, without end (a registry
    /// that pages forever); the repository's own tags are not listed then.
    public var endlessTags = false

    public init() {}
}

/// One request the stand-in Docker registry received (token service included).
public struct StandInDockerRequest: Sendable, Hashable {
    public var method: String
    /// Path and query as sent.
    public var target: String
    /// `none`, `basic` or `bearer`: how the request was authorized (never the secret).
    public var authorization: String
    public var accept: String?
}

/// The stand-in Docker registry's data and issued tokens, under one lock.
package struct DockerRegistryState: Sendable {
    var repository = "sciplat/sciplat-lab"
    var manifests: [StandInDockerManifest] = []
    var settings = StandInDockerSettings()
    /// Issued token → expiry (seconds since the epoch).
    package var tokens: [String: Double] = [:]

    func manifest(for reference: String) -> StandInDockerManifest? {
        if reference.hasPrefix("sha256:") { return manifests.first { $0.digest == reference } }
        return manifests.last { $0.tag == reference }
    }
}
