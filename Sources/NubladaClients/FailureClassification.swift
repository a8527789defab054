import Foundation
import NubladaEngine

extension FailureCause {
    /// What a client's error is: the one place an error met at the clients' boundary becomes
    /// a kind. The clients' own errors say it themselves (set where they are made); the rest
    /// by their type, never by their words.
    public init(of error: any Error) {
        switch error {
        case let error as HTTPError: self = error.cause
        case let error as RegistryError: self = error.cause
        case let error as KubernetesError: self = error.cause
        case let failure as RefreshFailure: self = failure.sides.first?.cause ?? FailureCause()
        case is CredentialError: self = FailureCause(.auth)
        case is ConfigError, is TextFile.Problem: self = FailureCause(.configuration)
        case is PagingLimit: self = FailureCause(.limit)
        case is DecodingError: self = FailureCause(.parse)
        default: self = FailureCause()
        }
    }
}

extension SideFailure {
    /// `error` as the failure of `side`, said as the error says itself.
    public init(_ side: RefreshSide, _ error: any Error) {
        self.init(side: side, cause: FailureCause(of: error), message: "\(error)")
    }
}

extension RefreshFailure {
    /// A refresh that failed as a whole with `error`: a typed failure as it is, else the
    /// failure of the configuration side (the refresher could not be made: its configuration,
    /// kubeconfig or credentials could not be read or used).
    public init(classifying error: any Error, failedAt: Double) {
        if let failure = error as? RefreshFailure {
            self = failure
        } else {
            self.init(sides: [SideFailure(.configuration, error)], failedAt: failedAt, partial: false)
        }
    }
}

extension HTTPError {
    /// The kind of a request that got no HTTP answer, and the host it went to.
    var cause: FailureCause {
        switch self {
        case .invalidURL: FailureCause(.configuration)
        case .insecureCredentials(let host): FailureCause(.configuration, place: host)
        case .resolve(let host, _), .connect(let host, _), .transfer(let host, _): FailureCause(.network, place: host)
        case .tls(let host, _): FailureCause(.tls, place: host)
        case .timeout(let host, _), .connectTimeout(let host, _), .noFirstByte(let host, _), .stalled(let host, _),
             .budgetSpent(let host, _, _):
            FailureCause(.timeout, place: host)
        case .tooLarge(let host, _): FailureCause(.limit, place: host)
        }
    }
}
