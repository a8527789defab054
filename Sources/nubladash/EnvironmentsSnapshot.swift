import ArgumentParser
import Dispatch
import Foundation
import NubladaClients
import NubladaEngine
import NubladaWork
import Synchronization

/// `snapshot --environments FILE`: one refresh of every environment (all at once, at most
/// `RefreshSlots.defaultLimit` evaluating at a time), printed as `{ENV: {images, menu, prepulls,
/// activity} | {error}}` or one line per environment. Exit 1 when any environment failed
/// (each failure one line on stderr, then the failing names) or `--fail-on` could not read an
/// environment's pods (one line each), else 3 for `--fail-on`.
enum EnvironmentsSnapshot {
    /// What one environment gave.
    enum Outcome {
        case snapshot(ClusterPicture, ActivityReading)
        case error(RefreshFailure)
    }

    static func run(file path: String, format: SnapshotCommand.Format, failOn: [SnapshotCommand.FailOn],
                    dockerConfig: String?, clusterSecrets: Bool = true) throws {
        let file: EnvironmentsFile
        do { file = try EnvironmentsFile.load(path: path) } catch { throw fail("\(error)") }
        try run(file.allowingClusterSecrets(clusterSecrets), format: format, failOn: failOn, dockerConfig: dockerConfig)
    }

    /// The snapshot of environments already listed (a file's, or `--contexts`).
    static func run(_ file: EnvironmentsFile, format: SnapshotCommand.Format, failOn: [SnapshotCommand.FailOn],
                    dockerConfig: String?) throws {
        let path = file.path
        for problem in file.problems { Output.printError(problem.description) }
        var results = snapshots(file.environments, dockerConfig: dockerConfig)
        for problem in file.problems where problem.entryIsName && !results.contains(where: { $0.name == problem.entry }) {
            let failure = SideFailure(side: .configuration, cause: FailureCause(.configuration), message: problem.message)
            results.append((problem.entry, .error(RefreshFailure(sides: [failure], failedAt: Date().timeIntervalSince1970, partial: false))))
        }
        guard !results.isEmpty else { throw fail("\(path): no environment could be read") }
        let text: String
        switch format {
        case .json: text = JSONValue.object(Dictionary(uniqueKeysWithValues: results.map { ($0.name, document($0.outcome)) })).serialized(parallelism: .ownThread)
        case .text: text = EnvironmentsReport(results: results, failOn: failOn).text
        }
        do { try Output.printLine(text) } catch { throw fail("\(error)") }
        let failed = results.compactMap { result -> String? in
            guard case .error(let failure) = result.outcome else { return nil }
            if file.environments.contains(where: { $0.name == result.name }) {
                Output.printError("\(result.name): \(failure.text)")
            }
            return result.name
        }
        // An environment whose pulls could not be judged fails the check as loudly as a failed one.
        let unchecked = results.compactMap { result -> String? in
            guard case .snapshot(_, let activity) = result.outcome, let why = failOn.cannotCheck(activity) else { return nil }
            Output.printError("\(result.name): \(why)")
            return result.name
        }
        let unnamed = file.problems.filter { !$0.entryIsName }.count
        if !failed.isEmpty || unnamed > 0 {
            let names = failed.isEmpty ? "" : ": \(failed.joined(separator: ", "))"
            throw fail("\(failed.count + unnamed) of \(results.count + unnamed) environments failed\(names)")
        }
        if !unchecked.isEmpty { throw ExitCode.failure }
        if results.contains(where: { if case .snapshot(_, let activity) = $0.outcome { failOn.trips(activity) } else { false } }) {
            throw ExitCode(3)
        }
    }

    /// Every environment's snapshot, in the file's order, refreshed at once on the refresh
    /// executor (each waits on its servers for as long as that takes); `RefreshSlots` bounds
    /// the evaluations.
    static func snapshots(_ environments: [EnvironmentSpec], dockerConfig: String?) -> [(name: String, outcome: Outcome)] {
        let outcomes = Mutex<[Int: Outcome]>([:])
        let done = DispatchGroup(), slots = RefreshSlots()
        for (index, spec) in environments.enumerated() {
            done.enter()
            Executor.refreshes.submit {
                defer { done.leave() }
                let outcome: Outcome
                do {
                    let (picture, activity) = try spec.makeRefresher(dockerConfig: dockerConfig).snapshotWithActivity(slots: slots)
                    outcome = .snapshot(picture, activity)
                } catch {
                    outcome = .error(RefreshFailure(classifying: error, failedAt: Date().timeIntervalSince1970).eachSideOnOneLine)
                }
                outcomes.withLock { $0[index] = outcome }
            }
        }
        done.wait()
        let finished = outcomes.withLock { $0 }
        return environments.enumerated().map { ($1.name, finished[$0]!) }
    }

    static func document(_ outcome: Outcome) -> JSONValue {
        switch outcome {
        case .snapshot(let picture, let activity): picture.snapshotDocument(activity: activity)
        case .error(let failure): .object(["error": .string(failure.text)])
        }
    }
}

extension [SnapshotCommand.FailOn] {
    /// Whether `--fail-on` asks for exit 3 on this activity.
    func trips(_ activity: ActivityReading) -> Bool {
        guard case .activity(let found) = activity else { return false }
        return tripped(found) != nil
    }

    /// The state that trips `--fail-on` here (failing before stuck), or nil.
    func tripped(_ activity: ClusterActivity) -> SnapshotCommand.FailOn? {
        [.failing, .stuck].first { contains($0) && activity.totals[$0.state] > 0 }
    }

    /// Why `--fail-on` cannot judge this activity (its pods could not be read), as one line; nil
    /// when it can or was not asked. A check that cannot look must not pass: a monitoring job
    /// whose access to pods was taken away would stay green.
    func cannotCheck(_ activity: ActivityReading) -> String? {
        guard !isEmpty, case .error(let message) = activity else { return nil }
        var asked: [String] = []
        for state in self where !asked.contains(state.rawValue) { asked.append(state.rawValue) }
        return "cannot check --fail-on \(asked.joined(separator: ", ")): \(SnapshotCommand.FailOn.unreadPods(message))"
    }
}
