import Foundation
import Synchronization
import NubladaEngine

/// Why listing the registry failed, in words an admin can act on.
/// Server answers and headers are quoted in it: control characters and line breaks are
/// escaped, so it stays one line that cannot drive the terminal.
public struct RegistryError: ClientFailure {
    public var description: String
    /// What kind of failure it is, and where (see `FailureCause(of:)`).
    public var cause: FailureCause

    public init(line: String, cause: FailureCause) {
        description = line
        self.cause = cause
    }
}

/// The Google Artifact Registry REST client: lists every docker image of a repository in
/// pages of 1,000, retrying transient failures with backoff, within the registry side's limits
/// (one deadline for the whole listing; the most pages and images).
public final class GARClient: Sendable {
    public static let defaultEndpoint = "https://artifactregistry.googleapis.com"

    public let endpoint: String
    private let http: CurlHTTPClient
    private let tokens: any AccessTokenProvider
    private let retry: TransientRetry
    private let limits: SideLimits
    private let sent = Atomic<Int>(0)
    /// Requests sent (every page and retry), for the dashboard's header and tests.
    public var requestCount: Int { sent.load(ordering: .relaxed) }

    public init(endpoint: String = GARClient.defaultEndpoint, tokens: any AccessTokenProvider,
                http: CurlHTTPClient = CurlHTTPClient(), retry: RetryPolicy = RetryPolicy(), limits: SideLimits = .standard) {
        self.endpoint = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
        self.tokens = tokens
        self.http = http
        self.retry = TransientRetry(policy: retry)
        self.limits = limits
    }

    /// Every docker image of the repository, following page tokens within the side's limits
    /// (`deadline`, a new one when nil).
    public func listEntries(_ source: GARSourceOptions, within deadline: Deadline? = nil) throws -> [RegistryEntry] {
        let deadline = deadline ?? Deadline(side: "registry", limits: limits)
        var pages = PageFollower(listing: "the dockerImages listing of \(source.parent)", noun: "images", deadline: deadline)
        var entries: [RegistryEntry] = []
        var pageToken: String?
        while true {
            let page = try fetchPage(source, pageToken: pageToken, within: deadline)
            let pageEntries = (page.dockerImages ?? []).map(\.entry)
            entries += pageEntries
            do {
                pageToken = try pages.next(after: pageEntries.count, cursor: page.nextPageToken.flatMap { $0.isEmpty ? nil : $0 })
            } catch {
                throw RegistryError(description: "Artifact Registry at \(hostLabel): \(error)", causedBy: error, place: hostLabel)
            }
            if pageToken == nil { return entries }
        }
    }

    private func pageURL(_ source: GARSourceOptions, _ pageToken: String?) -> String {
        var url = "\(endpoint)/v1/\(source.parent)/dockerImages?pageSize=1000"
        if let pageToken {
            url += "&pageToken=" + (pageToken.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? pageToken)
        }
        return url
    }

    /// One page, retrying transient failures within the deadline; after a 401 the token is
    /// fetched again, once.
    private func fetchPage(_ source: GARSourceOptions, pageToken: String?, within deadline: Deadline) throws -> GARListingPage {
        var refreshedToken = false
        while true {
            let response: HTTPResponse
            do {
                response = try retry.send(within: deadline) {
                    var request = HTTPRequest(url: pageURL(source, pageToken))
                    deadline.bound(&request)
                    request.authorize(bearer: try tokens.token())
                    if let project = tokens.quotaProject { request.headers.append(("x-goog-user-project", project)) }
                    sent.add(1, ordering: .relaxed)
                    return try http.send(request)
                }
            } catch let error as HTTPError {
                throw RegistryError(description: "Artifact Registry: \(error)", causedBy: error, place: hostLabel)
            }
            switch response.status {
            case 200:
                do {
                    return try GARListingPage.decodeFast(response.body)
                } catch {
                    throw RegistryError(description: "malformed JSON from Artifact Registry at \(hostLabel) for \(source.parent)", .parse, place: source.parent)
                }
            case 401 where !refreshedToken:
                // A token may have expired between fetching and using it: get a new one once.
                tokens.invalidate()
                refreshedToken = true
            default:
                throw statusError(response, source)
            }
        }
    }

    private var hostLabel: String { HostLabel.of(endpoint) }

    private func statusError(_ response: HTTPResponse, _ source: GARSourceOptions) -> RegistryError {
        let serverMessage = GoogleErrorBody.message(in: response.body)
        let message = serverMessage.map { ": \($0)" } ?? ""
        // The problem first: the dashboard's status line shows only the start of a message.
        let parent = source.parent
        switch response.status {
        case 401:
            return RegistryError(description: "Artifact Registry: access token refused (401) for \(parent)\(message); check the Google credentials (\(tokens.sourceDescription))", status: response.status, place: parent, serverMessage: serverMessage)
        case 403:
            return RegistryError(description: "Artifact Registry: permission denied (403) on \(parent)\(message); the account needs artifactregistry.dockerimages.list (roles/artifactregistry.reader)", status: response.status, place: parent, serverMessage: serverMessage)
        case 404:
            return RegistryError(description: "Artifact Registry: \(parent) not found (404)\(message); check images.source projectId, location and repository", status: response.status, place: parent, serverMessage: serverMessage)
        default:
            return RegistryError(description: "Artifact Registry: HTTP \(response.status) from \(hostLabel) for \(parent)\(message)", status: response.status, place: parent, serverMessage: serverMessage)
        }
    }
}
