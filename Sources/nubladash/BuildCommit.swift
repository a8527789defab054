// scripts/package writes the commit here in its export of the commit it packages (.build-package);
// a build from a checkout has none.
/// The commit the binary was built from, when the build recorded one. In the executable's own
/// module so that recording a commit recompiles only it.
enum BuildCommit {
    static let hash: String? = nil
}
