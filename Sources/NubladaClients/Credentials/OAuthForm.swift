import Foundation

/// The pieces of the OAuth 2.0 token exchange shared by the service-account and
/// refresh-token grants: the form body, the POST and the answer's error fields.
enum OAuthTokenEndpoint {
    static let googleTokenURI = "https://oauth2.googleapis.com/token"

    /// `application/x-www-form-urlencoded` of the pairs, in order.
    static func form(_ pairs: [(String, String)]) -> Data {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let text = pairs.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
        }.joined(separator: "&")
        return Data(text.utf8)
    }

    /// Checks a token URI: https, or http to a loopback address (a token request carries secrets).
    static func validate(_ uri: String, origin: String) throws {
        guard let url = URL(string: uri), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty,
              scheme == "https" || scheme == "http" else {
            throw CredentialError("\(origin): token_uri \"\(uri)\" is not an http(s) URL; fix the file or make a new one")
        }
        if scheme == "http" && !isLoopback(host: host) {
            throw CredentialError("\(origin): token_uri \(uri) is plain http; credentials go only over https (or to a loopback address)")
        }
    }

    /// POSTs the grant to `uri`, returns (token, lifetime). Errors name `what`, the endpoint, the
    /// OAuth error code and `fix`, never the secrets of the grant.
    static func exchange(_ pairs: [(String, String)], at uri: String, what: String, fix: String,
                         secrets: [String], http: CurlHTTPClient) throws -> (String, Double) {
        var request = HTTPRequest(url: uri)
        request.method = "POST"
        request.body = form(pairs)
        request.headers = [("Content-Type", "application/x-www-form-urlencoded")]
        request.carriesCredentials = true
        request.timeout = 30
        request.connectTimeout = 10
        let response: HTTPResponse
        do { response = try http.send(request) } catch {
            throw CredentialError(Redact.scrub("\(what): cannot reach the token endpoint: \(error)", secrets))
        }
        guard response.status == 200 else {
            var detail = "HTTP \(response.status)"
            if let body = try? JSONDecoder().decode(ErrorBody.self, from: response.body) {
                if let code = body.error, !code.isEmpty { detail += " \(code)" }
                if let text = body.error_description, !text.isEmpty { detail += ": \(text.prefix(200))" }
            }
            throw CredentialError(Redact.scrub("\(what): token endpoint \(uri) refused the grant (\(detail)); \(fix)", secrets))
        }
        return try OAuthTokenResponse.parse(response.body, source: "\(what): token endpoint \(uri)")
    }

    private struct ErrorBody: Decodable {
        var error: String?
        var error_description: String?
    }
}

/// Removes secrets from text meant for people, should a server have echoed one back.
enum Redact {
    static func scrub(_ text: String, _ secrets: [String]) -> String {
        var result = text
        for secret in secrets where secret.count >= 4 {
            result = result.replacingOccurrences(of: secret, with: "[redacted]")
        }
        return result
    }
}
