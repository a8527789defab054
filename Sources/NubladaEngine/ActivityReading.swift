/// What a refresh knows of the cluster's activity: the activity, or one line saying why the
/// pods could not be read (the missing permission for a 403). Pods are optional to both the
/// dashboard and `snapshot`: an unreadable pod list never fails a refresh.
public enum ActivityReading: Hashable, Sendable {
    case activity(ClusterActivity)
    /// One line: the missing permission for a 403, else the error.
    case error(String)

    /// The activity, when the pods could be read.
    public var activity: ClusterActivity? {
        if case .activity(let activity) = self { return activity }
        return nil
    }

    /// The `activity` member of the snapshot document: the activity's, or `{"error": "..."}`.
    public var json: JSONValue {
        switch self {
        case .activity(let activity): activity.json
        case .error(let message): .object(["error": .string(message)])
        }
    }
}
