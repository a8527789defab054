/// How the Kubernetes listener treats client certificates (only with TLS enabled).
public enum ClientCertificateMode: Sendable, Hashable {
    /// No client certificate is requested; only the bearer token authenticates.
    case none
    /// A client certificate is verified if presented; a verified certificate authenticates
    /// a request as well as the bearer token does.
    case optional
    /// The TLS handshake fails without a client certificate issued by the client CA.
    case required
}

/// What a ``StandInServer`` accepts and how it listens.
public struct StandInConfiguration: Sendable {
    /// The bearer token the registry side requires.
    public var registryToken: String
    /// The bearer token the Kubernetes side requires.
    public var kubernetesToken: String
    /// The largest GAR page the registry answers, whatever `pageSize` asks for.
    public var registryPageSizeCap: Int
    /// Serve the Kubernetes side over HTTPS with a certificate from a throwaway CA.
    public var kubernetesTLS: Bool
    /// Client-certificate verification on the Kubernetes side (TLS only).
    public var clientCertificates: ClientCertificateMode
    /// The host both listeners bind.
    public var host: String

    public init(registryToken: String = "registry-token", kubernetesToken: String = "kube-token",
                registryPageSizeCap: Int = 1000, kubernetesTLS: Bool = true,
                clientCertificates: ClientCertificateMode = .none, host: String = "127.0.0.1") {
        self.registryToken = registryToken
        self.kubernetesToken = kubernetesToken
        self.registryPageSizeCap = registryPageSizeCap
        self.kubernetesTLS = kubernetesTLS
        self.clientCertificates = clientCertificates
        self.host = host
    }
}
