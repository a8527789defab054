import Foundation

/// `host` or `host:port` of a URL, as messages name a server; the text itself when it has no host.
enum HostLabel {
    static func of(_ url: String) -> String {
        guard let parsed = URL(string: url), let host = parsed.host else { return url }
        return parsed.port.map { "\(host):\($0)" } ?? host
    }
}
