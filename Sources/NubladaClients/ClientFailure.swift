import NubladaEngine

/// An error a client makes itself (the registry's, Kubernetes'): one line an admin reads, and
/// its typed cause, set where the error is made so that nobody has to read the line back.
public protocol ClientFailure: Error, CustomStringConvertible, Sendable {
    var cause: FailureCause { get }
    /// `line` is already one line (escaped and cut).
    init(line: String, cause: FailureCause)
}

extension ClientFailure {
    public init(description: String, _ kind: FailureKind? = nil, status: Int? = nil, place: String? = nil,
                serverMessage: String? = nil) {
        self.init(line: MessageText.oneLine(description),
                  cause: FailureCause(kind, status: status, place: place, serverMessage: serverMessage))
    }

    /// A failure of `error` (an HTTP failure, a paging bound, a token that could not be had),
    /// said in `description`; its cause is `error`'s, placed at `place` when it has no place.
    public init(description: String, causedBy error: any Error, place: String? = nil) {
        var cause = FailureCause(of: error)
        if cause.place == nil { cause.place = place }
        self.init(line: MessageText.oneLine(description), cause: cause)
    }
}
