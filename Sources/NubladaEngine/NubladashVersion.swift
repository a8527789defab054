/// The one home of nubladash's version: what `--version` and the metrics'
/// `nubladash_build_info{version}` say.
public enum NubladashVersion {
    public static let current = "0.1.0"
}
