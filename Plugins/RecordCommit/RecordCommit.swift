import Foundation
import PackagePlugin

/// Records the commit a build is made from in the executable: before every build, a shell
/// asks git for HEAD (with `-modified` when tracked files differ from it) and writes
/// `BuildCommit.swift` only when that changed, so an unchanged commit recompiles nothing.
/// Outside a git checkout, or without git, the commit is unknown (`nil`).
@main
struct RecordCommit: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "commit")
        return [.prebuildCommand(
            displayName: "Recording the commit",
            executable: URL(filePath: "/bin/sh"),
            arguments: ["-c", Self.script, "record-commit", context.package.directoryURL.path(), output.path()],
            outputFilesDirectory: output)]
    }

    /// $1: the package's folder; $2: the folder of the generated source.
    static let script = #"""
        set -u
        mkdir -p "$2"
        # Only the package's own checkout counts, not one it happens to sit inside.
        if [ "$(git -C "$1" rev-parse --show-toplevel 2>/dev/null)" = "$(cd "$1" && pwd -P)" ] &&
            hash="$(git -C "$1" rev-parse --short=12 HEAD 2>/dev/null)"; then
            [ -z "$(git -C "$1" status --porcelain --untracked-files=no 2>/dev/null)" ] || hash="$hash-modified"
            value="\"$hash\""
        else
            value=nil
        fi
        source="// Written before each build by the RecordCommit plugin (Plugins/RecordCommit).
        /// The commit the binary was built from: HEAD, with -modified when tracked files differed from it.
        enum BuildCommit {
            static let hash: String? = $value
        }"
        [ "$(cat "$2/BuildCommit.swift" 2>/dev/null)" = "$source" ] || printf '%s\n' "$source" > "$2/BuildCommit.swift"
        """#
}
