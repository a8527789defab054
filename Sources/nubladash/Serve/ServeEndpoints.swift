import Foundation
import NubladaEngine

/// `serve`'s answers: `/metrics`, `/snapshot`, `/healthz`, `/readyz` and `/`, from values
/// already made (the metrics store's cached exposition, the refreshes' serialized documents).
/// GET and HEAD only.
struct ServeEndpoints: Sendable {
    let environments: ServedEnvironments
    /// The exposition for an `Accept` header, cached by the metrics store: never computed per scrape.
    let metrics: @Sendable (_ accept: String?) -> (contentType: String, body: String)

    static let paths = ["/metrics", "/snapshot", "/healthz", "/readyz"]

    func respond(_ request: HTTPListener.Request) -> HTTPListener.Response {
        guard request.path == "/" || Self.paths.contains(request.path) else {
            return .init(status: 404, text: "not found: try /metrics, /snapshot, /healthz or /readyz\n")
        }
        guard request.method == "GET" || request.method == "HEAD" else {
            return .init(status: 405, text: "method not allowed\n", headers: [("Allow", "GET, HEAD")])
        }
        switch request.path {
        case "/metrics":
            let (contentType, body) = metrics(request.accept)
            return .init(status: 200, contentType: contentType, body: Array(body.utf8))
        case "/snapshot": return snapshot(query: request.query)
        case "/healthz": return .init(status: 200, text: "ok\n")
        case "/readyz":
            let notReady = environments.notReady
            return notReady.isEmpty ? .init(status: 200, text: "ready\n")
                : .init(status: 503, text: "not ready: no successful refresh yet of\n" + notReady.map { "  \($0)\n" }.joined())
        default: return page()
        }
    }

    private func snapshot(query: String?) -> HTTPListener.Response {
        let json = "application/json"
        if let name = Self.environmentParameter(query) {
            guard let environment = environments.environments.first(where: { $0.name == name }) else {
                return .init(status: 404, text: "no environment '\(MessageText.oneLine(String(name.prefix(100))))'\n")
            }
            guard let document = environment.document else { return notYet([environment.name]) }
            return .init(status: 200, contentType: json, body: document)
        }
        if environments.single {
            guard let document = environments.environments.first?.document else { return notYet(nil) }
            return .init(status: 200, contentType: json, body: document)
        }
        guard let combined = environments.combined else { return notYet(nil) }
        return .init(status: 200, contentType: json, body: combined)
    }

    private func notYet(_ names: [String]?) -> HTTPListener.Response {
        let lines = environments.notReady.filter { line in names.map { $0.contains { line.hasPrefix("\($0): ") } } ?? true }
        return .init(status: 503, text: "no successful refresh yet\n" + lines.map { "  \($0)\n" }.joined())
    }

    /// `environment=NAME` in a query (percent-decoded).
    static func environmentParameter(_ query: String?) -> String? {
        guard let query else { return nil }
        for pair in query.split(separator: "&") where pair.hasPrefix("environment=") {
            let value = pair.dropFirst("environment=".count).replacingOccurrences(of: "+", with: " ")
            return value.removingPercentEncoding ?? value
        }
        return nil
    }

    /// The index page: the endpoints and each environment's state, every outside text escaped.
    private func page() -> HTTPListener.Response {
        var html = """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>nubladash serve</title></head><body>
            <h1>nubladash serve</h1>
            <ul>
            <li><a href="/metrics">/metrics</a>: Prometheus metrics</li>
            <li><a href="/snapshot">/snapshot</a>: the snapshot document of the last refresh</li>
            <li><a href="/healthz">/healthz</a>: 200 while running</li>
            <li><a href="/readyz">/readyz</a>: 200 once every environment has refreshed</li>
            </ul>
            <table><tr><th>environment</th><th>state</th></tr>

            """
        for environment in environments.environments {
            let name = Self.escape(environment.name)
            let link = "/snapshot?environment=" + (environment.name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
            html += "<tr><td><a href=\"\(Self.escape(link))\">\(name)</a></td><td>\(Self.escape(ServedEnvironments.stateText(environment)))</td></tr>\n"
        }
        html += "</table></body></html>\n"
        return .init(status: 200, contentType: "text/html; charset=utf-8", body: Array(html.utf8))
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
