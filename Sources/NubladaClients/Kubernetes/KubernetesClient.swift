import Foundation
import NubladaEngine

/// Why the node list could not be read.
public struct KubernetesError: Error, CustomStringConvertible {
    public var description: String
}

/// Lists Kubernetes nodes (paged, filtered server-side by label selector) over libcurl.
public final class KubernetesClient: @unchecked Sendable {
    public let connection: KubernetesConnection
    private let http: CurlHTTPClient
    /// Nodes per page.
    public var pageSize = 500

    public init(connection: KubernetesConnection, http: CurlHTTPClient = CurlHTTPClient()) {
        self.connection = connection
        self.http = http
    }

    /// Every node matching `labelSelector` (`k=v,...`; empty for all), in the server's order.
    /// A 410 (the list changed while paging) restarts the listing once.
    public func listNodes(labelSelector: String) throws -> [ClusterNode] {
        do {
            return try listAllPages(labelSelector)
        } catch let expired as ContinueExpired {
            _ = expired
            do { return try listAllPages(labelSelector) } catch is ContinueExpired {
                throw KubernetesError(description: "Kubernetes \(hostLabel): the node list kept changing while it was read (410 Gone twice)")
            }
        }
    }

    private struct ContinueExpired: Error {}

    private func listAllPages(_ selector: String) throws -> [ClusterNode] {
        var nodes: [ClusterNode] = []
        var token: String?
        repeat {
            var query = ["limit=\(pageSize)"]
            if !selector.isEmpty { query.append("labelSelector=\(encode(selector))") }
            if let token { query.append("continue=\(encode(token))") }
            let page = try get("/api/v1/nodes?" + query.joined(separator: "&"))
            nodes += (page.items ?? []).map(\.clusterNode)
            token = page.metadata?.continue.flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return nodes
    }

    private func get(_ path: String) throws -> NodeListPage {
        let base = connection.server.hasSuffix("/") ? String(connection.server.dropLast()) : connection.server
        var request = HTTPRequest(url: base + path)
        request.tls = connection.tls
        request.proxy = connection.proxy
        request.timeout = 60
        if connection.tls.clientKeyPEM != nil { request.carriesCredentials = true }
        switch connection.authentication {
        case .none: break
        case .token(let token): request.authorize(bearer: token)
        case .tokenFile(let path):
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw KubernetesError(description: "Kubernetes: cannot read token file \(path)")
            }
            request.authorize(bearer: text.trimmingCharacters(in: .whitespacesAndNewlines))
        case .basic(let user, let password):
            request.headers.append(("Authorization", "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()))
            request.carriesCredentials = true
        }
        let response: HTTPResponse
        do { response = try http.send(request) } catch let error as HTTPError {
            throw KubernetesError(description: "Kubernetes: \(error)")
        }
        switch response.status {
        case 200:
            do { return try JSONDecoder().decode(NodeListPage.self, from: response.body) } catch {
                throw KubernetesError(description: "malformed JSON from Kubernetes \(hostLabel) listing nodes")
            }
        case 410: throw ContinueExpired()
        default: throw statusError(response)
        }
    }

    private var hostLabel: String {
        guard let url = URL(string: connection.server), let host = url.host else { return connection.server }
        return url.port.map { "\(host):\($0)" } ?? host
    }

    private func statusError(_ response: HTTPResponse) -> KubernetesError {
        let message = KubernetesStatus.message(in: response.body).map { ": \($0)" } ?? ""
        let what = "Kubernetes \(hostLabel) (\(connection.origin))"
        switch response.status {
        case 401:
            return KubernetesError(description: "\(what): unauthorized (401)\(message); check the kubeconfig user's credentials (\(connection.credentialDescription))")
        case 403:
            return KubernetesError(description: "\(what): forbidden (403)\(message); the user needs permission to list nodes")
        default:
            return KubernetesError(description: "\(what): HTTP \(response.status) listing nodes\(message)")
        }
    }

    private func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
