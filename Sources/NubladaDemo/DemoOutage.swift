import Dispatch
import NubladaStandIn

/// A demo environment's outage: both APIs answer 503 and open watches end, so a dashboard on
/// it goes stale, then recovers when the outage is over. `--demo`'s dev environment has one
/// every two minutes (``schedule(on:period:length:first:)``); `demo-server` begins and ends
/// them when told on its standard input.
public enum DemoOutage {
    /// Both APIs down from now until ``end(on:)`` (and every open watch ends).
    public static func begin(on server: StandInServer) {
        server.failureInjector?.failNext(Int.max, status: 503, on: .registry)
        server.failureInjector?.failNext(Int.max, status: 503, on: .kubernetes)
        server.endWatches()
    }

    /// Both APIs answer again.
    public static func end(on server: StandInServer) {
        server.failureInjector?.failNext(0, status: 503, on: .registry)
        server.failureInjector?.failNext(0, status: 503, on: .kubernetes)
    }

    /// Starts the outages on `server`: the first `first` seconds from now, then one every
    /// `period` seconds, each `length` seconds long (on the wall clock: long enough for a
    /// dashboard refreshing every 5 s to see it, whatever the demo's speed). It repeats for as
    /// long as the server runs.
    public static func schedule(on server: StandInServer, period: Double = 120, length: Double = 25, first: Double = 30) {
        DispatchQueue.global().asyncAfter(deadline: .now() + max(0, first)) { [weak server] in
            guard let server, server.isRunning else { return }
            begin(on: server)
            DispatchQueue.global().asyncAfter(deadline: .now() + length) { [weak server] in
                guard let server, server.isRunning else { return }
                end(on: server)
                schedule(on: server, period: period, length: length, first: period - length)
            }
        }
    }
}
