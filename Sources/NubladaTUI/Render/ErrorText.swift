/// Error messages made to fit one status line: the long locators in them (resource paths
/// such as `projects/…/repositories/sciplat`, URLs, kubeconfig paths) are shortened to
/// their last part, so that what went wrong and the server's own words come first. The
/// `e` overlay shows the message unchanged.
enum ErrorText {
    /// Tokens up to this many characters are kept whole.
    static let longestKeptLocator = 24

    static func compact(_ message: String, ellipsis: String) -> String {
        message.split(separator: " ", omittingEmptySubsequences: false)
            .map { shortened($0, ellipsis: ellipsis) }
            .joined(separator: " ")
    }

    /// `projects/p/locations/l/repositories/r:` → `…/r:`; `https://host:6443/api/v1/x` →
    /// `host:6443…`; anything else unchanged.
    private static func shortened(_ token: Substring, ellipsis: String) -> String {
        let opening = token.prefix { "(\"'".contains($0) }
        var core = token.dropFirst(opening.count)
        var closing = ""
        while let last = core.last, ":;,.)\"'".contains(last) {
            closing = String(last) + closing
            core = core.dropLast()
        }
        guard core.count > longestKeptLocator, core.contains("/") else { return String(token) }
        if let scheme = core.range(of: "://") {
            let host = core[scheme.upperBound...].prefix { $0 != "/" && $0 != "?" }
            return String(opening) + String(host) + ellipsis + closing
        }
        let last = core.split(separator: "/").last ?? core
        return String(opening) + ellipsis + "/" + String(last) + closing
    }
}
