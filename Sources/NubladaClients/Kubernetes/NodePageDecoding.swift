import Foundation
import NubladaEngine

/// One NodeList page's bytes to nodes, outside a client: the benchmark's profile times this
/// phase alone, with the decoder the clients use and with the straightforward one.
public enum NodePageDecoding {
    public enum Method: String, Sendable, CaseIterable {
        /// What the clients use.
        case fast
        /// Foundation's `JSONDecoder` over the `Decodable` types.
        case reference
    }

    /// The page's nodes; the clients' one-line error when the bytes are not a NodeList.
    public static func nodes(in page: Data, method: Method) throws -> [ClusterNode] {
        let decoded: NodeListPage
        switch method {
        case .fast: decoded = try NodeListPage.decodeFast(page)
        case .reference: decoded = try JSONDecoder().decode(NodeListPage.self, from: page)
        }
        return (decoded.items ?? []).map(\.clusterNode)
    }
}
