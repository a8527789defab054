import Foundation
import NubladaEngine

/// How one watch request ended, for the informer to decide whether to renew it.
struct WatchResult {
    /// The HTTP status; nil when the connection failed.
    var status: Int?
    /// At least one event or bookmark arrived.
    var sawEvent = false
    /// Every line was an event and none was an error event.
    var healthy = true
    /// The answer is not a watch stream (something else before any event, or 404/405): this
    /// server does not speak watch.
    var notAWatchStream = false
    /// Why the watch was given up, for the admin: a line past `LineSplitter.maximumLineBytes`.
    var failure: KubernetesError?
}

extension KubernetesClient {
    /// One watch request of `resource` from `version` (the Kubernetes list+watch protocol): every
    /// event goes to `onEvent` as it arrives until the server ends the stream (after
    /// `timeoutSeconds`), a line is not an event, an error event arrives (`onEvent` returns
    /// false), nothing at all arrives for `idleSeconds` (a half-open connection), a line is
    /// longer than `LineSplitter.maximumLineBytes` (refused: `failure` says so), or
    /// `shouldStop` says so (asked about once a second). Runs on its own connection.
    func watch<Object>(_ resource: KubernetesResource, labelSelector: String, from version: String, timeoutSeconds: Int,
                       idleSeconds: Int, shouldStop: @escaping () -> Bool, onEvent: @escaping (WatchEvent<Object>) -> Bool) -> WatchResult {
        var query = ["watch=1", "allowWatchBookmarks=true", "resourceVersion=\(encode(version))",
                     "timeoutSeconds=\(timeoutSeconds)"] + resource.query
        if !labelSelector.isEmpty { query.append("labelSelector=\(encode(labelSelector))") }
        guard var request = try? authenticatedRequest(resource.path + "?" + query.joined(separator: "&")) else {
            return WatchResult(status: nil)
        }
        request.timeout = Double(timeoutSeconds + 60)
        request.idleTimeout = Double(idleSeconds)
        var result = WatchResult()
        var splitter = LineSplitter()
        var refused = false
        let status = try? CurlHTTPClient().stream(request, shouldStop: { refused || shouldStop() }) { chunk in
            for line in splitter.append(chunk) where result.healthy {
                guard let event = WatchEvent<Object>.parse(line) else {
                    result.healthy = false
                    if !result.sawEvent { result.notAWatchStream = true }
                    continue
                }
                result.sawEvent = true
                result.healthy = onEvent(event)
            }
            if splitter.refused && !refused {
                refused = true
                result.healthy = false
                result.failure = KubernetesError(
                    description: "Kubernetes \(self.hostLabel): a \(resource.noun.dropLast()) watch event passed \(LineSplitter.maximumLineBytes >> 20) MiB, the most nubladash reads in one line; it was refused and the \(resource.noun) are listed again",
                    .limit, place: self.hostLabel)
            }
        }
        result.status = status == 0 ? nil : status
        if !result.sawEvent {
            if status == 404 || status == 405 { result.notAWatchStream = true }
            // A normal end without an event whose body is something else (a plain list).
            if status == 200, !splitter.remainder.isEmpty, WatchEvent<Object>.parse(splitter.remainder) == nil {
                result.notAWatchStream = true
            }
        }
        return result
    }
}
