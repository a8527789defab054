import Foundation
import Synchronization
import NubladaEngine

/// Why listing the registry failed, in words an admin can act on.
/// Server answers and headers are quoted in it: control characters and line breaks are
/// escaped, so it stays one line that cannot drive the terminal.
public struct RegistryError: Error, CustomStringConvertible {
    public var description: String

    public init(description: String) {
        self.description = MessageText.oneLine(description)
    }
}

/// The Google Artifact Registry REST client: lists every docker image of a repository in
/// pages of 1,000, retrying transient failures with backoff.
public final class GARClient: Sendable {
    public static let defaultEndpoint = "https://artifactregistry.googleapis.com"

    public let endpoint: String
    private let http: CurlHTTPClient
    private let tokens: any AccessTokenProvider
    private let retry: RetryPolicy
    private let sent = Atomic<Int>(0)
    /// Requests sent (every page and retry), for the dashboard's header and tests.
    public var requestCount: Int { sent.load(ordering: .relaxed) }

    public init(endpoint: String = GARClient.defaultEndpoint, tokens: any AccessTokenProvider,
                http: CurlHTTPClient = CurlHTTPClient(), retry: RetryPolicy = RetryPolicy()) {
        self.endpoint = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
        self.tokens = tokens
        self.http = http
        self.retry = retry
    }

    public func listEntries(_ source: GARSourceOptions) throws -> [RegistryEntry] {
        var entries: [RegistryEntry] = []
        var pageToken: String?
        var seenTokens = Set<String>()
        repeat {
            let page = try fetchPage(source, pageToken: pageToken)
            entries += (page.dockerImages ?? []).map(\.entry)
            pageToken = page.nextPageToken.flatMap { $0.isEmpty ? nil : $0 }
            if let token = pageToken, !seenTokens.insert(token).inserted {
                throw RegistryError(description: "Artifact Registry repeated page token \"\(token)\" for \(source.parent)")
            }
        } while pageToken != nil
        return entries
    }

    private func pageURL(_ source: GARSourceOptions, _ pageToken: String?) -> String {
        var url = "\(endpoint)/v1/\(source.parent)/dockerImages?pageSize=1000"
        if let pageToken {
            url += "&pageToken=" + (pageToken.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? pageToken)
        }
        return url
    }

    private func fetchPage(_ source: GARSourceOptions, pageToken: String?) throws -> GARListingPage {
        let delays = retry.delays()
        var attempt = 0
        var refreshedToken = false
        while true {
            var request = HTTPRequest(url: pageURL(source, pageToken))
            request.timeout = 60
            request.authorize(bearer: try tokens.token())
            if let project = tokens.quotaProject { request.headers.append(("x-goog-user-project", project)) }
            let failure: RegistryError
            do {
                sent.add(1, ordering: .relaxed)
                let response = try http.send(request)
                switch response.status {
                case 200:
                    do {
                        return try GARListingPage.decodeFast(response.body)
                    } catch {
                        throw RegistryError(description: "malformed JSON from Artifact Registry at \(hostLabel) for \(source.parent)")
                    }
                case 401 where !refreshedToken:
                    // A token may have expired between fetching and using it: get a new one once.
                    tokens.invalidate()
                    refreshedToken = true
                    continue
                case let status where RetryPolicy.isTransient(status: status):
                    failure = statusError(response, source)
                default:
                    throw statusError(response, source)
                }
            } catch let error as HTTPError where error.isTransient {
                failure = RegistryError(description: "Artifact Registry: \(error)")
            } catch let error as HTTPError {
                throw RegistryError(description: "Artifact Registry: \(error)")
            }
            guard attempt < delays.count else { throw failure }
            retry.sleep(delays[attempt])
            attempt += 1
        }
    }

    private var hostLabel: String { HostLabel.of(endpoint) }

    private func statusError(_ response: HTTPResponse, _ source: GARSourceOptions) -> RegistryError {
        let message = GoogleErrorBody.message(in: response.body).map { ": \($0)" } ?? ""
        // The problem first: the dashboard's status line shows only the start of a message.
        let parent = source.parent
        switch response.status {
        case 401:
            return RegistryError(description: "Artifact Registry: access token refused (401) for \(parent)\(message); check the Google credentials (\(tokens.sourceDescription))")
        case 403:
            return RegistryError(description: "Artifact Registry: permission denied (403) on \(parent)\(message); the account needs artifactregistry.dockerimages.list (roles/artifactregistry.reader)")
        case 404:
            return RegistryError(description: "Artifact Registry: \(parent) not found (404)\(message); check images.source projectId, location and repository")
        default:
            return RegistryError(description: "Artifact Registry: HTTP \(response.status) from \(hostLabel) for \(parent)\(message)")
        }
    }
}
