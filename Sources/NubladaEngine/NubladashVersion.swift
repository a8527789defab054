/// The one home of nubladash's version: whatever reports it (the metrics'
/// `nubladash_build_info{version}`) reads it here.
public enum NubladashVersion {
    public static let current = "0.1.0"
}
