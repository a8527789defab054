/// The type (release series) of a lab image, in the order the controller lists them.
public enum ImageType: String, CaseIterable, Sendable, Codable {
    case alias = "Alias"
    case release = "Release"
    case weekly = "Weekly"
    case daily = "Daily"
    case candidate = "Release Candidate"
    case experimental = "Experimental"
    case unknown = "Unknown"

    /// Alias and unknown tags may turn out to be aliases of another image.
    public var isPossibleAlias: Bool { self == .alias || self == .unknown }
}
