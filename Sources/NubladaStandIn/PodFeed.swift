/// The pods' changes as watch events (`GET /api/v1/pods?watch=1`).
struct PodFeed: WatchFeed {
    var kind: String { "Pod" }

    func versions(_ state: StandInState) -> (horizon: Int, current: Int) { (state.pods.horizon, state.pods.resourceVersion) }

    func initial(_ state: StandInState, selector: LabelSelector) -> [[UInt8]] {
        state.pods.records.filter { selector.matches($0.labels) }.map(\.json)
    }

    func events(_ state: StandInState, after version: Int, selector: LabelSelector) -> [(type: String, object: [UInt8])]? {
        state.pods.changes(after: version)?.compactMap { change in
            WatchEventFilter.event(kind: change.kind, labels: change.labels, json: change.json,
                                   previousLabels: change.previousLabels, previousJSON: { change.previousJSON },
                                   selector: selector)
        }
    }
}
