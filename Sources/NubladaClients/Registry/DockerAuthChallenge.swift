/// A `WWW-Authenticate` challenge of a Docker registry: `Basic realm="…"` or
/// `Bearer realm="…",service="…",scope="…"`.
struct DockerAuthChallenge: Sendable, Equatable {
    enum Scheme: Sendable, Equatable { case basic, bearer }

    var scheme: Scheme
    var parameters: [String: String]

    var realm: String? { parameters["realm"] }
    var service: String? { parameters["service"] }

    /// The first Basic or Bearer challenge among the header values; nil when there is none.
    static func parse(_ values: [String]) -> DockerAuthChallenge? {
        for value in values {
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            let schemeEnd = trimmed.firstIndex(of: " ") ?? trimmed.endIndex
            let scheme: Scheme
            switch trimmed[..<schemeEnd].lowercased() {
            case "basic": scheme = .basic
            case "bearer": scheme = .bearer
            default: continue
            }
            return DockerAuthChallenge(scheme: scheme, parameters: parameters(String(trimmed[schemeEnd...])))
        }
        return nil
    }

    /// `key="quoted, value",key=token` → a dictionary (keys lower-cased).
    static func parameters(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        var rest = Substring(text)
        while true {
            rest = rest.drop { $0 == " " || $0 == "," }
            guard let equals = rest.firstIndex(of: "=") else { break }
            let key = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            rest = rest[rest.index(after: equals)...].drop { $0 == " " }
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                while let character = rest.first, character != "\"" {
                    if character == "\\" { rest = rest.dropFirst() }
                    if let next = rest.first { value.append(next) }
                    rest = rest.dropFirst()
                }
                rest = rest.dropFirst()
            } else {
                let end = rest.firstIndex(of: ",") ?? rest.endIndex
                value = rest[..<end].trimmingCharacters(in: .whitespaces)
                rest = rest[end...]
            }
            if !key.isEmpty { result[key] = value }
        }
        return result
    }
}
