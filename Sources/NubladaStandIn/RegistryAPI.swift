import Foundation

/// The Artifact Registry REST surface the dashboard uses:
/// `GET /v1/projects/{p}/locations/{l}/repositories/{r}/dockerImages`.
struct RegistryAPI: Sendable {
    var token: String
    var pageSizeCap: Int

    /// Answers `request` under `plan` (the filters' verdict already taken).
    func respond(to request: StandInRequest, plan: RequestPlan) -> StandInReply {
        let malformed: Bool
        switch plan.action {
        case .fail(let code): return .json(ErrorBodies.google(code), status: code)
        case .unauthorized: return .json(ErrorBodies.google(401), status: 401)
        case .serve(let flag): malformed = flag
        }
        guard request.hasBearer(token) else { return .json(ErrorBodies.google(401), status: 401) }
        let segments = request.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard segments.count == 8, segments.first == "v1", Array(segments)[1] == "projects",
            Array(segments)[3] == "locations", Array(segments)[5] == "repositories",
            segments.last == "dockerImages"
        else {
            return .json(ErrorBodies.google(404, message: "Method not found."), status: 404)
        }
        guard request.method == "GET" else {
            return .json(ErrorBodies.google(405, message: "Method not allowed."), status: 405)
        }
        let parent = segments.dropFirst().prefix(6).map { $0.removingPercentEncoding ?? String($0) }
            .joined(separator: "/")
        // Without data (no parent yet) every repository is empty; with data, only its own exists.
        if let dataParent = plan.registry.parent, parent != dataParent {
            return .json(ErrorBodies.google(404, message: "Requested entity was not found."), status: 404)
        }
        let reply = page(plan.registry.items, query: request.query)
        return malformed && reply.status == 200 ? reply.truncated : reply
    }

    /// One page of `items` for `pageSize` and `pageToken`.
    func page(_ items: [[UInt8]], query: [String: String]) -> StandInReply {
        var size = min(1000, pageSizeCap)
        if let text = query["pageSize"], !text.isEmpty {
            guard let requested = Int(text), requested >= 0 else {
                return .json(ErrorBodies.google(400, message: "Invalid value at 'page_size' (TYPE_INT32), \"\(text)\""),
                             status: 400)
            }
            if requested > 0 { size = min(requested, pageSizeCap) }
        }
        size = max(1, size)
        var offset = 0
        if let text = query["pageToken"], !text.isEmpty {
            guard let token = RegistryPageToken(encoded: text) else {
                return .json(ErrorBodies.google(400, message: "Invalid page token."), status: 400)
            }
            offset = min(token.offset, items.count)
        }
        let end = min(items.count, offset + size)
        var writer = JSONWriter(capacity: 64 + items[offset..<end].reduce(0) { $0 + $1.count + 1 })
        writer.raw("{")
        if end > offset {
            writer.raw("\"dockerImages\":[")
            for position in offset..<end {
                if position > offset { writer.raw(",") }
                writer.raw(items[position])
            }
            writer.raw("]")
            if end < items.count {
                writer.field("nextPageToken", RegistryPageToken(offset: end).encoded)
            }
        }
        writer.raw("}")
        return .json(writer.bytes)
    }
}
