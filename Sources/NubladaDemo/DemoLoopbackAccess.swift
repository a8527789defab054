import NubladaStandIn

/// Lets a request without credentials read the demo's Kubernetes API, as the loopback port of
/// `kubectl proxy` does. The demo serves it over plain HTTP on 127.0.0.1 (the shipped binary
/// carries no TLS stack), and kubectl (client-go) sends no credentials at all over plain HTTP,
/// so the kubectl commands `demo-server` prints would otherwise be refused. A request that does
/// carry credentials is still checked (nubladash's bearer token; a wrong one is 401), and only
/// a loopback listener is opened this way. A request filter of the demo's server (``DemoSession``).
struct DemoLoopbackAccess: StandInRequestFilter {
    func intercept(_ request: StandInIncoming) async -> StandInInterception? {
        guard request.side == .kubernetes, request.headers["authorization"] == nil,
              request.baseURL.hasPrefix("http://127.0.0.1:")
        else { return nil }
        return .authorizeAsListener
    }
}
