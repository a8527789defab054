import HummingbirdCore
import NIOCore

/// What secures the stand-in's Kubernetes listener; without one (the configuration's nil) it
/// serves plain HTTP. A seam rather than TLS built in: only tests and benchmarks need HTTPS (to
/// exercise the client's certificate handling), and keeping TLS behind it keeps a second
/// BoringSSL, NIOSSL and X509 out of the shipped binary, whose demo serves over loopback HTTP.
/// NubladaTestSupport's `StandInTLS` is the implementation.
public protocol StandInListenerSecurity: Sendable {
    /// The scheme of the listener's URL (`https`).
    var urlScheme: String { get }
    /// The CA clients verify the listener with, PEM: what a kubeconfig's
    /// `certificate-authority-data` holds ("" for none).
    var certificateAuthorityPEM: String { get }
    /// The child channel each accepted connection is set up with: `http` inside the security
    /// layer. Its error (no key material, say) fails the server's start.
    func secure(_ http: HTTP1Channel) throws -> any ServerChildChannel
    /// Whether the connection of `channel` presented a client certificate the layer verified
    /// (which authenticates a Kubernetes request as the bearer token does).
    func verifiedClientCertificate(on channel: any Channel) async -> Bool
}
