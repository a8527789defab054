import ArgumentParser
import Foundation
import NubladaClients
import NubladaEngine
import NubladaProcess
import NubladaTUI

/// `nubladash serve`: the dashboard's refreshes without a terminal (the same schedule, informers
/// and backoff, on the one program loop run headless), served over HTTP for Prometheus and
/// whoever asks: `/metrics`, `/snapshot`, `/healthz`, `/readyz` and an index page `/`.
/// Ends cleanly on SIGTERM or SIGINT: exit 0 once the listener is closed and children reaped.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Refresh as the dashboard does, without a terminal, and serve /metrics, /snapshot, /healthz and /readyz over HTTP.")

    @OptionGroup var cluster: ClusterOptions<Listed>

    @Option(help: "Where to listen: host:port, or [IPv6]:port (default: 127.0.0.1:9464).", transform: ListenAddress.transform)
    var listen: ListenAddress = .standard

    @Option(help: "Seconds between refreshes, 5 to 86400 (default: the configuration's refreshInterval, else 60).",
            transform: RefreshInterval.argument)
    var refresh: RefreshInterval?

    func run() throws {
        StartupEnvironment.ensure()
        // Bound first, before any thread or server starts: a port in use is one line and exit 1.
        let listener: HTTPListener
        do { listener = try HTTPListener(listen) } catch { throw fail(error.description) }
        LiveChildren.onTerminationSignals(queue: .global()) { _ in listener.stop() }
        let entries = try environments()
        let names = entries.map(\.name)
        let served = ServedEnvironments(names: names, single: isSingleCluster)
        let wiring = ServeWiring.standard(names: names)
        let slots = RefreshSlots()
        let runtime = OverviewRuntime(
            environments: entries.map { OverviewRuntime.Environment(name: $0.name, source: $0.source, options: $0.options) },
            theme: ThemeChoice(argument: "default"), ascii: true,
            refresh: { index in
                let started = Date().timeIntervalSince1970
                let outcome = entries[index].refreshOutcome(slots: slots)
                // Metrics first: once `served` has it, `/readyz` says ready, and a scrape then
                // finds this refresh's series.
                wiring.recorded(index, outcome, started, Date().timeIntervalSince1970)
                served.record(index, outcome)
                return outcome
            },
            resolveDigest: { _, _ in throw DigestLookupUnavailable() },
            waitingOn: { index in entries[index].waitingOn })
        let loop = runtime.startHeadless()
        Output.printError("serving on http://\(listener.boundAddress)/ (/metrics, /snapshot, /healthz, /readyz)")
        let endpoints = ServeEndpoints(environments: served, metrics: wiring.metrics)
        listener.serve(endpoints.respond)
        // Stopped by a signal: the listener and every connection are closed.
        loop.stop()
        LiveChildren.terminateAll()
        // `_exit`: refreshes may still run on their threads; nothing is buffered.
        _exit(0)
    }

    /// A single cluster (or `--demo --source`): `/snapshot` is its document, not an object of environments.
    private var isSingleCluster: Bool {
        ContextsOption.environments(cluster) == nil && cluster.environmentsFile == nil && !(cluster.demo && cluster.demoSource == nil)
    }

    /// The environments to refresh, as the overview makes them; a single cluster is one
    /// environment named after its context.
    private func environments() throws -> [OverviewLaunch.Entry] {
        var file: EnvironmentsFile?
        if let contexts = ContextsOption.environments(cluster) {
            file = contexts
        } else if let path = cluster.environmentsFile {
            do { file = try EnvironmentsFile.load(path: path).allowingClusterSecrets(!cluster.noClusterSecrets) } catch { throw fail("\(error)") }
        }
        if let file {
            for problem in file.problems { Output.printError(problem.description) }
            let entries = OverviewLaunch.entries(file, refresh: refresh, dockerConfig: cluster.dockerConfig)
            guard !entries.isEmpty else { throw fail("\(file.path): no environment could be read") }
            return entries
        }
        if cluster.demo && cluster.demoSource == nil {
            do { return try DemoEnvironments.entries(speed: cluster.demoSpeed, refresh: refresh ?? .fastest) } catch { throw fail("\(error)") }
        }
        let following: FollowingRefresher
        do { following = try cluster.makeDashboardRefresher() } catch { throw fail("\(error)") }
        let refresher = following.refresher
        let connection = refresher.kubernetes.connection
        let interval = refresh ?? (cluster.demo ? .fastest : refresher.configuration.refreshInterval ?? .standard)
        return [OverviewLaunch.Entry(
            name: connection.contextName, source: OverviewLaunch.sourceLabel(refresher.configuration.prepuller.source),
            options: DashboardOptions(contextName: "\(connection.contextName) (\(connection.clusterName))", refreshInterval: interval),
            refresher: .success(DeferredRefresher(following)))]
    }
}
