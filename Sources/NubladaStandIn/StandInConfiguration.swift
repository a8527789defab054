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

/// Faults the stand-in applies from the moment it starts (all can be changed at runtime).
public struct StandInFaults: Sendable, Hashable {
    /// Answer this many registry calls with `registryFailureStatus`.
    public var registryFailures: Int
    public var registryFailureStatus: Int
    /// Answer this many Kubernetes calls with `kubernetesFailureStatus`.
    public var kubernetesFailures: Int
    public var kubernetesFailureStatus: Int
    /// Seconds to stall every answer.
    public var delay: Double
    /// Answer listings with truncated JSON.
    public var malformed: Bool
    /// Answer everything (but `/stats` and `/version`) with 401.
    public var unauthorized: Bool

    public init(registryFailures: Int = 0, registryFailureStatus: Int = 503, kubernetesFailures: Int = 0,
                kubernetesFailureStatus: Int = 503, delay: Double = 0, malformed: Bool = false,
                unauthorized: Bool = false) {
        self.registryFailures = registryFailures
        self.registryFailureStatus = registryFailureStatus
        self.kubernetesFailures = kubernetesFailures
        self.kubernetesFailureStatus = kubernetesFailureStatus
        self.delay = delay
        self.malformed = malformed
        self.unauthorized = unauthorized
    }
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
    /// Faults in force from the start.
    public var startFaults: StandInFaults
    /// The host both listeners bind.
    public var host: String

    public init(registryToken: String = "registry-token", kubernetesToken: String = "kube-token",
                registryPageSizeCap: Int = 1000, kubernetesTLS: Bool = true,
                clientCertificates: ClientCertificateMode = .none, startFaults: StandInFaults = StandInFaults(),
                host: String = "127.0.0.1") {
        self.registryToken = registryToken
        self.kubernetesToken = kubernetesToken
        self.registryPageSizeCap = registryPageSizeCap
        self.kubernetesTLS = kubernetesTLS
        self.clientCertificates = clientCertificates
        self.startFaults = startFaults
        self.host = host
    }
}
