import Foundation
import NubladaClients
import NubladaEngine
import NubladaTUI

/// `nubladash --environments FILE` (or the default environments file): the overview of every
/// environment, each with its own clients and credentials, refreshed on its own schedule with
/// at most `RefreshSlots.defaultLimit` evaluations at once (waiting on a server takes no slot).
/// An entry that could not be read
/// or whose clients could not be built is shown as an environment in error, with the reason.
enum OverviewLaunch {
    /// One environment's row: its clients, or why there are none.
    struct Entry {
        var name: String
        var source: String
        var options: DashboardOptions
        /// Built in the environment's first refresh when its configuration is the cluster's.
        var refresher: Result<DeferredRefresher, any Error>
    }

    static func open(file path: String, refresh: RefreshInterval?, theme: String, ascii: Bool, dockerConfig: String?,
                     clusterSecrets: Bool = true) throws -> Never {
        let file: EnvironmentsFile
        do { file = try EnvironmentsFile.load(path: path) } catch { throw fail("\(error)") }
        try open(file.allowingClusterSecrets(clusterSecrets), refresh: refresh, theme: theme, ascii: ascii, dockerConfig: dockerConfig)
    }

    /// Opens the overview on environments already listed (a file's, or `--contexts`).
    static func open(_ file: EnvironmentsFile, refresh: RefreshInterval?, theme: String, ascii: Bool,
                     dockerConfig: String?) throws -> Never {
        let path = file.path
        let entries = self.entries(file, refresh: refresh, dockerConfig: dockerConfig)
        guard !entries.isEmpty else {
            for problem in file.problems { Output.printError(problem.description) }
            throw fail("\(path): no environment could be read")
        }
        let unshown = unshownProblems(file)
        let notice = unshown.first.map { first in
            unshown.count == 1 ? first.description : "\(first.description) (and \(unshown.count - 1) more bad entries)"
        }
        try run(entries, theme: theme, ascii: ascii, notice: notice)
    }

    /// Opens the overview on these environments (also the demo's four).
    static func run(_ entries: [Entry], theme: String, ascii: Bool, notice: String? = nil) throws -> Never {
        let slots = RefreshSlots()
        let runtime = OverviewRuntime(
            environments: entries.map { OverviewRuntime.Environment(name: $0.name, source: $0.source, options: $0.options) },
            theme: ThemeChoice(argument: theme), ascii: ascii, notice: notice,
            refresh: { index in entries[index].refreshOutcome(slots: slots) },
            resolveDigest: { index, tag in
                guard let refresher = try entries[index].refresher.get().existing else {
                    throw ConfigError("\(entries[index].name): its configuration has not been read from the cluster yet")
                }
                return try refresher.typedDigest(tag: tag)
            },
            waitingOn: { index in entries[index].waitingOn })
        do { try runtime.run() } catch { throw fail("\(error)") }
    }

    static func entries(_ file: EnvironmentsFile, refresh: RefreshInterval?, dockerConfig: String?) -> [Entry] {
        var entries = file.environments.map { spec in
            // Only local files are read here: the overview opens at once, and a configuration
            // from the cluster is read in the environment's first refresh.
            let refresher: Result<DeferredRefresher, any Error>
            let connection: Result<KubernetesConnection, any Error>
            if spec.configuration == nil {
                connection = Result { try spec.connection() }
                refresher = connection.map { DeferredRefresher(server: $0.server) { try spec.makeFollowingRefresher(dockerConfig: dockerConfig) } }
            } else {
                let built = Result { try spec.makeRefresher(dockerConfig: dockerConfig) }
                connection = built.map(\.kubernetes.connection)
                refresher = built.map { DeferredRefresher(FollowingRefresher($0)) }
            }
            let context = (try? connection.get()).map { " \($0.contextName) (\($0.clusterName))" } ?? ""
            let source = spec.configuration.map { sourceLabel($0.prepuller.source) } ?? clusterSourceLabel
            return Entry(name: spec.name, source: source,
                         options: DashboardOptions(contextName: "\(spec.name):\(context)", refreshInterval: refresh ?? spec.refreshInterval),
                         refresher: refresher)
        }
        for problem in file.problems where problem.entryIsName && !entries.contains(where: { $0.name == problem.entry }) {
            entries.append(Entry(name: problem.entry, source: "", options: DashboardOptions(contextName: problem.entry),
                                 refresher: .failure(ConfigError("\(problem.file): \(problem.message)"))))
        }
        return entries
    }

    /// The file's problems that no row shows (`entries` makes a row in error of a name's first
    /// problem when the name has no environment): bad entries without a name, and a name's
    /// further problems, such as being defined twice.
    static func unshownProblems(_ file: EnvironmentsFile) -> [EnvironmentProblem] {
        var shown: Set<String> = []
        return file.problems.filter { problem in
            guard problem.entryIsName, !file.environments.contains(where: { $0.name == problem.entry }) else { return true }
            return !shown.insert(problem.entry).inserted
        }
    }

    /// The registry column of an environment whose configuration (so registry) is read from the
    /// cluster: its source is not known when the overview opens.
    static let clusterSourceLabel = "(from ConfigMap)"

    /// `GAR us-central1-docker.pkg.dev`, `Docker ghcr.io`.
    static func sourceLabel(_ source: ImageSourceOptions) -> String {
        switch source {
        case .google: "GAR \(source.registry)"
        case .docker: "Docker \(source.registry)"
        }
    }
}

extension OverviewLaunch.Entry {
    /// One dashboard refresh of this environment (its evaluation in one of `slots`); clients that
    /// could not be made (its configuration, its kubeconfig) are that refresh's failure.
    func refreshOutcome(slots: RefreshSlots) -> RefreshOutcome {
        do {
            return try refresher.get().refresher().dashboardOutcome(slots: slots)
        } catch {
            return .failure(RefreshFailure(classifying: error, failedAt: Date().timeIntervalSince1970))
        }
    }

    /// The hosts its running refresh still waits on; never blocks.
    var waitingOn: [String] { (try? refresher.get())?.waitingOn ?? [] }
}
