import Foundation

/// Runs a docker credential helper (`docker-credential-NAME get`, the server URL on stdin),
/// as the docker CLI does, and reads its `{ServerURL, Username, Secret}` answer.
struct DockerCredentialHelper {
    /// The helper's name without the `docker-credential-` prefix.
    var name: String
    /// Which setting named it (`credHelpers in FILE`, `credsStore in FILE`), for messages.
    var setting: String
    var environment: [String: String]
    /// Seconds the helper may take (docker has none; a dashboard must not hang on one).
    var timeout: Double

    var program: String { "docker-credential-\(name)" }

    /// The credential for `serverURL`; `nil` when the helper has none for it.
    func get(serverURL: String) throws -> DockerCredential? {
        guard let path = ExecutableSearch.find(program, environment: environment) else {
            throw CredentialError("docker credential helper \(program) (\(setting)) is not on the PATH")
        }
        let result: RunCommand.Result
        do {
            result = try RunCommand.run(path, ["get"], environment: environment, input: Data(serverURL.utf8), timeout: timeout)
        } catch let error as CredentialError {
            throw CredentialError("docker credential helper \(program) (\(setting)): \(error.description)")
        }
        if result.status != 0 {
            // The protocol puts the error message on stdout; some helpers use stderr. Either
            // may quote a token, so it is scrubbed as every helper's message is.
            let message = result.outputMessage ?? result.errorMessage
            if message?.lowercased().contains("credentials not found") == true { return nil }
            throw CredentialError("docker credential helper \(program) (\(setting)) failed with exit status \(result.status)"
                                  + (message.map { ": \($0)" } ?? ""))
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
              let username = object["Username"] as? String, let secret = object["Secret"] as? String else {
            throw CredentialError("docker credential helper \(program) (\(setting)) printed no {ServerURL, Username, Secret} object")
        }
        let origin = "\(program) (\(setting))"
        if secret.isEmpty { return nil }
        if username == "<token>" { return .identityToken(secret, origin: origin) }
        return .basic(username: username, password: secret, origin: origin)
    }
}
