// scripts/package overwrites this file with the commit for its build, then restores it.
/// The commit the binary was built from, when the build recorded one.
enum NubladashCommit {
    static let hash: String? = nil
}
