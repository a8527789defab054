import HummingbirdCore
import HummingbirdTLS
import NIOCore
import NIOSSL
import NubladaStandIn

/// How the Kubernetes listener treats client certificates.
public enum ClientCertificateMode: Sendable, Hashable {
    /// No client certificate is requested; only the bearer token authenticates.
    case none
    /// A client certificate is verified if presented; a verified certificate authenticates
    /// a request as well as the bearer token does.
    case optional
    /// The TLS handshake fails without a client certificate issued by the client CA.
    case required
}

/// HTTPS for a stand-in's Kubernetes listener, with a certificate from a throwaway CA, as
/// tests and benchmarks use it to exercise the client's TLS (a server CA, a wrong CA, client
/// certificates):
///
/// ```swift
/// let tls = StandInTLS(clientCertificates: .optional)
/// let server = StandInServer(StandInConfiguration(kubernetesSecurity: tls))
/// let issued = try tls.issueClientCertificate(commonName: "admin")
/// ```
///
/// One per server: each has its own CAs, made on first use (a server's start, or a PEM asked
/// for), so that making one cannot fail.
public final class StandInTLS: StandInListenerSecurity {
    /// Client-certificate verification.
    public let clientCertificates: ClientCertificateMode
    private let made = Locked<Material?>(nil)

    /// The server CA and certificate, and the client CA.
    private struct Material: Sendable {
        var serverCA: StandInCertificateAuthority
        var serverCertificatePEM: String
        var serverKeyPEM: String
        var clientCA: StandInCertificateAuthority

        init() throws {
            serverCA = try StandInCertificateAuthority(commonName: "nubladash stand-in cluster CA")
            (serverCertificatePEM, serverKeyPEM) = try serverCA.issue(
                commonName: "kube-apiserver", dnsNames: ["localhost"], ipAddresses: [[127, 0, 0, 1]], server: true)
            clientCA = try StandInCertificateAuthority(commonName: "nubladash stand-in client CA")
        }
    }

    public init(clientCertificates: ClientCertificateMode = .none) {
        self.clientCertificates = clientCertificates
    }

    private func material() throws -> Material {
        try made.withLock { made in
            if let made { return made }
            let material = try Material()
            made = material
            return material
        }
    }

    // MARK: StandInListenerSecurity

    public var urlScheme: String { "https" }

    /// The CA that signed the listener's certificate, PEM.
    public var certificateAuthorityPEM: String { (try? material().serverCA.certificatePEM) ?? "" }

    public func secure(_ http: HTTP1Channel) throws -> any ServerChildChannel {
        try TLSChannel(http, tlsConfiguration: serverConfiguration())
    }

    public func verifiedClientCertificate(on channel: any Channel) async -> Bool {
        // Without verification a presented certificate proves nothing (none is asked for).
        guard clientCertificates != .none else { return false }
        let certificate = try? await channel.nioSSL_peerCertificate().get()
        return certificate != nil
    }

    // MARK: Client certificates

    /// The CA client certificates must come from, PEM.
    public var clientCACertificatePEM: String { (try? material().clientCA.certificatePEM) ?? "" }

    /// A client certificate and PKCS#8 key (PEM) from the client CA, as a kubeconfig's
    /// `client-certificate-data` and `client-key-data` would hold them.
    public func issueClientCertificate(commonName: String, organization: String? = nil) throws
        -> (certPEM: String, keyPEM: String)
    {
        let issued = try material().clientCA.issue(commonName: commonName, client: true, organization: organization)
        return (issued.certificatePEM, issued.privateKeyPEM)
    }

    private func serverConfiguration() throws -> TLSConfiguration {
        let material = try material()
        do {
            let certificate = try NIOSSLCertificate(bytes: Array(material.serverCertificatePEM.utf8), format: .pem)
            let key = try NIOSSLPrivateKey(bytes: Array(material.serverKeyPEM.utf8), format: .pem)
            var tls = TLSConfiguration.makeServerConfiguration(certificateChain: [.certificate(certificate)],
                                                               privateKey: .privateKey(key))
            switch clientCertificates {
            case .none:
                break
            case .optional, .required:
                let clientCA = try NIOSSLCertificate(bytes: Array(material.clientCA.certificatePEM.utf8), format: .pem)
                tls.trustRoots = .certificates([clientCA])
                tls.certificateVerification =
                    clientCertificates == .required ? .noHostnameVerification : .optionalVerification
            }
            return tls
        } catch {
            throw StandInError.certificate("\(error)")
        }
    }
}
