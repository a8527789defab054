/// What a ``StandInServer`` accepts and how it listens.
public struct StandInConfiguration: Sendable {
    /// The bearer token the registry side requires.
    public var registryToken: String
    /// The bearer token the Kubernetes side requires.
    public var kubernetesToken: String
    /// The largest GAR page the registry answers, whatever `pageSize` asks for.
    public var registryPageSizeCap: Int
    /// What secures the Kubernetes side (TLS, from NubladaTestSupport); nil serves it over plain
    /// HTTP, which the demo uses: on loopback a client may send its bearer token over http.
    public var kubernetesSecurity: (any StandInListenerSecurity)?
    /// The host both listeners bind.
    public var host: String

    public init(registryToken: String = "registry-token", kubernetesToken: String = "kube-token",
                registryPageSizeCap: Int = 1000, kubernetesSecurity: (any StandInListenerSecurity)? = nil,
                host: String = "127.0.0.1") {
        self.registryToken = registryToken
        self.kubernetesToken = kubernetesToken
        self.registryPageSizeCap = registryPageSizeCap
        self.kubernetesSecurity = kubernetesSecurity
        self.host = host
    }
}
