import Foundation

/// What a Docker registry's refusal means, in words an admin can act on: the status, the
/// registry's own error code, and what to check.
extension DockerRegistryClient {
    func statusError(_ response: HTTPResponse, tag: String?) -> RegistryError {
        let errors = DockerRegistryErrorBody.errors(in: response.body)
        let codes = Set(errors.map(\.code))
        let serverMessage = errors.first.map { $0.message.isEmpty ? $0.code : "\($0.code): \($0.message)" }
        let detail = errors.first.map { " \($0.code)" + ($0.message.isEmpty ? "" : ": \($0.message)") } ?? ""
        // The configured registry, and the server asked when `--registry-endpoint` sends requests elsewhere.
        let server = serverName
        switch response.status {
        case 401:
            return RegistryError(description: "credentials refused (401) by \(server) for \(repository)\(detail); credential: \(auth.describe())", status: response.status, place: server, serverMessage: serverMessage)
        case 403:
            return RegistryError(description: "permission denied (403) by \(server) for \(repository)\(detail); the credential (\(auth.describe())) needs pull access", status: response.status, place: server, serverMessage: serverMessage)
        case 404 where tag != nil && !codes.contains("NAME_UNKNOWN"):
            return RegistryError(description: "tag \(tag!) not found in \(place) (404\(detail)); the tag may have been deleted since it was listed", status: response.status, place: server, serverMessage: serverMessage)
        case 404:
            return RegistryError(description: "repository \(repository) not found on \(server) (404\(detail)); check images.source registry and repository", status: response.status, place: server, serverMessage: serverMessage)
        case 429:
            return RegistryError(description: "\(server) rate limit reached (429\(detail)) for \(repository); try again later or log in for a larger allowance", status: response.status, place: server, serverMessage: serverMessage)
        default:
            return RegistryError(description: "HTTP \(response.status) from \(server) for \(repository)" + (tag.map { ":\($0)" } ?? "") + detail, status: response.status, place: server, serverMessage: serverMessage)
        }
    }
}

/// The `{"errors": [{"code", "message"}]}` body of a Docker registry's error answers.
enum DockerRegistryErrorBody {
    static func errors(in body: Data) -> [(code: String, message: String)] {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
              let errors = object["errors"] as? [[String: Any]] else { return [] }
        return errors.compactMap { error in
            guard let code = error["code"] as? String else { return nil }
            let message = (error["message"] as? String) ?? ""
            return (code, String(message.prefix(200)))
        }
    }
}
