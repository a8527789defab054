import Foundation

/// One page of a Kubernetes list, chosen the apiserver's way from `labelSelector`, `limit` and
/// `continue`: shared by the node and pod lists. Items are addressed by position in a list
/// sorted by key (a node's name, a pod's `namespace/name`).
struct ListPaging {
    /// The positions of the page's items.
    var positions: [Int]
    /// The next page's token; nil on the last page.
    var continueToken: String?
    /// Whether the selector selects everything (the apiserver counts the remaining items then).
    var selectsEverything: Bool

    /// The page `query` asks for, or the 400/410 Status reply of a bad or expired parameter.
    static func page(_ query: [String: String], resourceVersion: Int, count: Int, key: (Int) -> String,
                     labels: (Int) -> [String: String], firstPosition: (String) -> Int) -> Result<ListPaging, ListPagingError> {
        let selector: LabelSelector
        do {
            selector = try LabelSelector(parsing: query["labelSelector"] ?? "")
        } catch {
            return .failure(ListPagingError(reply: .json(ErrorBodies.kubernetes(400, message: error.message), status: 400)))
        }
        var limit = 0
        if let text = query["limit"], !text.isEmpty {
            guard let value = Int(text) else {
                return .failure(ListPagingError(reply: .json(ErrorBodies.kubernetes(400, message: "limit: Invalid value: \"\(text)\""), status: 400)))
            }
            limit = max(0, value)
        }
        var start = 0
        if let text = query["continue"], !text.isEmpty {
            guard let token = ContinueToken(encoded: text) else {
                return .failure(ListPagingError(reply: .json(ErrorBodies.kubernetes(400, message: "continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)"),
                                                             status: 400)))
            }
            guard token.resourceVersion == resourceVersion else {
                return .failure(ListPagingError(reply: .json(ErrorBodies.kubernetes(410, reason: "Expired", message: ErrorBodies.expiredContinueMessage),
                                                             status: 410)))
            }
            start = firstPosition(token.start)
        }
        var selected: [Int] = []
        var position = start
        var more = false
        while position < count {
            if selector.requirements.isEmpty || selector.matches(labels(position)) {
                if limit > 0 && selected.count == limit {
                    more = true
                    break
                }
                selected.append(position)
            }
            position += 1
        }
        let continueToken = more ? selected.last.map { ContinueToken(resourceVersion: resourceVersion, after: key($0)).encoded } : nil
        return .success(ListPaging(positions: selected, continueToken: continueToken,
                                   selectsEverything: selector.requirements.isEmpty))
    }
}

extension ListPaging {
    /// In a list of `count` items sorted by key (byte order), the position of the first whose
    /// key is `key` or sorts after it: where a continue token's page starts.
    static func firstPosition(count: Int, atOrAfter key: String, keyAt: (Int) -> String) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if keyAt(middle).utf8.lexicographicallyPrecedes(key.utf8) { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// A list request the apiserver refuses; `reply` is its Status.
struct ListPagingError: Error {
    var reply: StandInReply
}
