import Foundation

/// An Application Default Credentials file: a service-account key or gcloud's
/// `application_default_credentials.json` (authorized_user).
struct GoogleADCFile {
    /// The JSON members nubladash reads. Secrets stay in memory only.
    struct Contents: Decodable {
        var type: String?
        var client_email: String?
        var private_key: String?
        var private_key_id: String?
        var token_uri: String?
        var client_id: String?
        var client_secret: String?
        var refresh_token: String?
        var quota_project_id: String?
    }

    let path: String
    /// How the file was found, for messages: `GOOGLE_APPLICATION_CREDENTIALS`, `gcloud ADC`.
    let foundBy: String
    let contents: Contents

    var origin: String { "ADC file \(path) (\(foundBy))" }

    static func load(path: String, foundBy: String) throws -> GoogleADCFile {
        guard FileManager.default.fileExists(atPath: path) else {
            throw CredentialError("ADC file \(path) (\(foundBy)): no such file; point GOOGLE_APPLICATION_CREDENTIALS at a service-account key file, or run 'gcloud auth application-default login'")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CredentialError("ADC file \(path) (\(foundBy)): cannot read the file; check its permissions")
        }
        guard let contents = try? JSONDecoder().decode(Contents.self, from: data) else {
            throw CredentialError("ADC file \(path) (\(foundBy)): not a JSON credentials file; download a new service-account key or run 'gcloud auth application-default login'")
        }
        return GoogleADCFile(path: path, foundBy: foundBy, contents: contents)
    }

    /// The token provider for this file's type.
    func provider(http: CurlHTTPClient, now: @escaping @Sendable () -> Double) throws -> any AccessTokenProvider {
        switch contents.type ?? "" {
        case "service_account":
            return try ServiceAccountTokens(file: self, http: http, now: now)
        case "authorized_user":
            return try AuthorizedUserTokens(file: self, http: http, now: now)
        case "":
            throw CredentialError("\(origin): no \"type\"; expected service_account or authorized_user")
        case let other:
            throw CredentialError("\(origin): type \(other) is not supported (nubladash reads service_account and authorized_user); use a service-account key, 'gcloud auth application-default login', or GOOGLE_OAUTH_ACCESS_TOKEN")
        }
    }

    func required(_ value: String?, _ name: String) throws -> String {
        guard let value, !value.isEmpty else {
            throw CredentialError("\(origin): \(contents.type ?? "credentials") file lacks \(name); download a new key or log in again")
        }
        return value
    }
}
