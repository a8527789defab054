// scripts/package overwrites this file with the commit for its build, then restores it.
/// The commit the binary was built from, when the build recorded one. In the executable's own
/// module so that recording a commit recompiles only it.
enum BuildCommit {
    static let hash: String? = nil
}
