/// What one refresh gave: new data, a failure, or both when some sides failed and the others'
/// data is shown. With data comes the cluster's activity at the same refresh (or why the pods
/// could not be read); nil where nobody reads pods. The one value a refresh hands to every
/// screen (the dashboard, the overview) and to whatever reports on it.
public struct RefreshOutcome: Sendable {
    public var data: DashboardData?
    public var activity: ActivityReading?
    public var failure: RefreshFailure?
    /// When each side last answered; nil: both with the data (`data.refreshedAt`).
    public var sides: RefreshSides?
    /// Said once, in the status line, with this refresh (`configuration changed: …`).
    public var notice: String?
    /// Where the configuration of this refresh was read (`ConfigMap nublado/nublado-controller-config
    /// (resourceVersion 42)`, `file values-idfprod.yaml`), for the help overlay.
    public var configurationSource: String?
    /// The whole picture the data came from (the controller's documents beside the dashboard's
    /// data), for whoever serves them (`serve`'s `/snapshot`); nil where the refresh made none.
    public var picture: ClusterPicture?

    public init(data: DashboardData?, activity: ActivityReading? = nil, failure: RefreshFailure?, sides: RefreshSides? = nil,
                notice: String? = nil, configurationSource: String? = nil, picture: ClusterPicture? = nil) {
        self.data = data
        self.activity = activity
        self.failure = failure
        self.sides = sides
        self.notice = notice
        self.configurationSource = configurationSource
        self.picture = picture
    }

    public static func success(_ data: DashboardData, activity: ActivityReading? = nil) -> RefreshOutcome {
        RefreshOutcome(data: data, activity: activity, failure: nil)
    }
    public static func failure(_ failure: RefreshFailure) -> RefreshOutcome { RefreshOutcome(data: nil, failure: failure) }
}
