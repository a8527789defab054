/// The shapes a Docker registry host and repository path may take (distribution's reference
/// grammar, simplified): checked once when the configuration is read, so that a typo is one
/// clear line instead of a confusing HTTP error later.
enum DockerRegistryName {
    /// `host[:port]`: DNS labels of letters, digits and `-` separated by dots, or `localhost`,
    /// an IPv4 address or a bracketed IPv6 address, with an optional numeric port.
    static func isValid(_ registry: String) -> Bool {
        var host = Substring(registry)
        if let colon = host.lastIndex(of: ":"), !host.hasSuffix("]") {
            let port = host[host.index(after: colon)...]
            guard !port.isEmpty, port.count <= 5, port.allSatisfy(\.isASCIIDigit), Int(port)! <= 65535 else { return false }
            host = host[..<colon]
        }
        if host.hasPrefix("[") && host.hasSuffix("]") {
            return host.count > 2 && host.dropFirst().dropLast().allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
        }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        return !host.isEmpty && host.count <= 253 && labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isASCIIAlphanumeric || $0 == "-" }
        }
    }

    /// Path components of lowercase letters and digits, joined by `.`, `_`, `__` or `-` runs,
    /// separated by `/`.
    static func isValidRepository(_ repository: String) -> Bool {
        guard !repository.isEmpty, repository.count <= 255 else { return false }
        return repository.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { component in
            guard let first = component.first, let last = component.last,
                  first.isLowercaseAlphanumeric, last.isLowercaseAlphanumeric else { return false }
            return component.allSatisfy { $0.isLowercaseAlphanumeric || $0 == "." || $0 == "_" || $0 == "-" }
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
    var isASCIIAlphanumeric: Bool { isASCII && (isLetter || isNumber) }
    var isLowercaseAlphanumeric: Bool { isASCII && (isLowercase || isNumber) }
}
