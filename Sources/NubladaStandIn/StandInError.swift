/// Why the stand-in rejected data or could not start.
public enum StandInError: Error, Equatable, CustomStringConvertible {
    /// A document that is not the expected listing.
    case invalidDocument(String)
    /// The listeners did not come up.
    case startFailed(String)
    /// TLS material could not be generated.
    case certificate(String)

    public var description: String {
        switch self {
        case .invalidDocument(let why): return "invalid document: \(why)"
        case .startFailed(let why): return "stand-in failed to start: \(why)"
        case .certificate(let why): return "certificate generation failed: \(why)"
        }
    }
}
