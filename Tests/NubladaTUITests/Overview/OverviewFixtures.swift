import Foundation
import NubladaEngine
@testable import NubladaTUI

/// Four environments in four states, built through the real messages: `idfprod` (some
/// images missing, pulls at work, one failing), `idfint` (fully prepulled, another prepull set), `usdfdev` (never
/// answered: an error), `summit` (its last refresh failed: stale).
enum OverviewFixtures {
    static let names = ["idfprod", "idfint", "usdfdev", "summit"]

    static func screen(_ name: String, source: String, cols: Int, rows: Int, ascii: Bool,
                       outcomes: [RefreshOutcome]) -> EnvironmentScreen {
        var options = Fixtures.options(ascii: ascii)
        options.contextName = name
        var dashboard = DashboardState(options: options, now: Fixtures.refreshedAt - 3, cols: cols, rows: rows)
        _ = update(&dashboard, .tick(now: Fixtures.refreshedAt - 3))
        // The first tick starts the first refresh; `u` each later one.
        for outcome in outcomes {
            if !dashboard.refresh.inFlight { _ = update(&dashboard, .key(.character("u"))) }
            _ = update(&dashboard, .refreshFinished(outcome))
        }
        return EnvironmentScreen(name: name, source: source, dashboard: dashboard)
    }

    static func failure(_ message: String, at time: Double) -> RefreshOutcome {
        .failure(RefreshFailure(message: message, failedAt: time))
    }

    static func intData() -> DashboardData {
        var prepuller = Fixtures.prepullerOptions()
        prepuller.numWeeklies = 1
        prepuller.numDailies = 1
        prepuller.pin = []
        return Fixtures.data(nodes: Array(Fixtures.smallCluster().prefix(2)), prepuller: prepuller)
    }

    static func state(cols: Int, rows: Int, ascii: Bool = false) -> OverviewState {
        let gar = "GAR us-central1-docker.pkg.dev", ghcr = "Docker ghcr.io"
        let at = Fixtures.refreshedAt
        let screens = [
            screen("idfprod", source: gar, cols: cols, rows: rows, ascii: ascii, outcomes: [.success(Fixtures.data(), activity: Fixtures.activity())]),
            screen("idfint", source: gar, cols: cols, rows: rows, ascii: ascii, outcomes: [.success(intData())]),
            screen("usdfdev", source: ghcr, cols: cols, rows: rows, ascii: ascii, outcomes: [
                failure("cannot connect to usdf-dev.slac.stanford.edu:443: connection refused", at: at)]),
            screen("summit", source: "Docker ts-dockerhub.lsst.org", cols: cols, rows: rows, ascii: ascii, outcomes: [
                .success(Fixtures.data(refreshedAt: at - 600)),
                failure("registry ts-dockerhub.lsst.org: 503 Service Unavailable", at: at - 5)]),
        ]
        var state = OverviewState(environments: screens, now: at - 3, cols: cols, rows: rows, ascii: ascii)
        _ = updateOverview(&state, .tick(now: at + 12))
        return state
    }
}
