import Foundation

/// The `Link: <URL>; rel="next"` header a registry pages `tags/list` with (RFC 8288).
enum DockerLinkHeader {
    /// The next page's absolute URL, resolved against `requestURL`; nil when there is none.
    /// A malformed header, or a next link to another scheme, host or port, is an error.
    static func nextURL(_ values: [String], requestURL: String) throws -> String? {
        var next: String?
        for value in values {
            for link in try links(in: value) where link.relations.contains("next") {
                next = link.target
            }
        }
        guard let next else { return nil }
        guard let base = URL(string: requestURL), let resolved = URL(string: next, relativeTo: base)?.absoluteURL,
              let scheme = resolved.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw RegistryError(description: "malformed Link header \"\(values.joined(separator: ", "))\": the next page <\(next)> is not a URL", .parse)
        }
        guard scheme == base.scheme?.lowercased(), resolved.host?.lowercased() == base.host?.lowercased(),
              effectivePort(resolved) == effectivePort(base) else {
            throw RegistryError(description: "Link header sends the next page to another server (\(origin(resolved))); refusing to follow it away from \(origin(base))")
        }
        return resolved.absoluteString
    }

    /// Each `<target>; param=value; …` element of one header value.
    static func links(in value: String) throws -> [(target: String, relations: Set<String>)] {
        var result: [(String, Set<String>)] = []
        var rest = Substring(value)
        func malformed() -> RegistryError { RegistryError(description: "malformed Link header \"\(value.prefix(200))\" (expected <URL>; rel=\"next\")", .parse) }
        while true {
            rest = rest.drop { $0 == " " || $0 == "\t" }
            if rest.isEmpty { break }
            guard rest.first == "<", let close = rest.firstIndex(of: ">") else { throw malformed() }
            let target = String(rest[rest.index(after: rest.startIndex)..<close])
            rest = rest[rest.index(after: close)...]
            var relations = Set<String>()
            // Parameters up to the next comma outside quotes.
            var parameters = ""
            var quoted = false
            while let character = rest.first, quoted || character != "," {
                if character == "\"" { quoted.toggle() }
                parameters.append(character)
                rest = rest.dropFirst()
            }
            if quoted { throw malformed() }
            rest = rest.dropFirst()
            for parameter in parameters.split(separator: ";") {
                let trimmed = parameter.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty { continue }
                let pair = trimmed.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2, !pair[0].isEmpty else { throw malformed() }
                if pair[0].lowercased() == "rel" {
                    let names = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                    relations.formUnion(names.split(separator: " ").map { $0.lowercased() })
                }
            }
            result.append((target, relations))
        }
        if result.isEmpty { throw malformed() }
        return result
    }

    private static func effectivePort(_ url: URL) -> Int {
        url.port ?? (url.scheme?.lowercased() == "https" ? 443 : 80)
    }

    private static func origin(_ url: URL) -> String {
        "\(url.scheme ?? "")://\(url.host ?? "")" + (url.port.map { ":\($0)" } ?? "")
    }
}
