import NubladaClients
import NubladaEngine

extension ClusterPicture {
    /// The whole `snapshot` document of one environment: the controller's documents and,
    /// beside them, `activity` and `aliases` (where each alias points, which on a Docker
    /// source the controller does not know). One environment's member of
    /// `snapshot --environments` too.
    func snapshotDocument(activity: ActivityReading) -> JSONValue {
        guard case .object(var members) = snapshotJSON else { return snapshotJSON }
        members["activity"] = activity.json
        members["aliases"] = aliasesJSON
        return .object(members)
    }
}
