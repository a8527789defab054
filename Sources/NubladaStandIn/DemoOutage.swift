import Dispatch

/// A demo environment's outage now and then: both APIs answer 503 for a
/// while and open watches end, so a dashboard on it goes stale, then recovers when the outage
/// is over. It repeats for as long as the server runs.
public enum DemoOutage {
    /// Starts the outages on `server`: the first `first` seconds from now, then one every
    /// `period` seconds, each `length` seconds long (on the wall clock: long enough for a
    /// dashboard refreshing every 5 s to see it, whatever the demo's speed).
    public static func schedule(on server: StandInServer, period: Double = 120, length: Double = 25, first: Double = 30) {
        DispatchQueue.global().asyncAfter(deadline: .now() + max(0, first)) { [weak server] in
            guard let server, server.isRunning else { return }
            server.failRegistry(next: Int.max)
            server.failKubernetes(next: Int.max)
            server.endWatches()
            DispatchQueue.global().asyncAfter(deadline: .now() + length) { [weak server] in
                guard let server, server.isRunning else { return }
                server.failRegistry(next: 0)
                server.failKubernetes(next: 0)
                schedule(on: server, period: period, length: length, first: period - length)
            }
        }
    }
}
