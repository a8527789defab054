import Foundation
import NubladaClients
import NubladaEngine
import Synchronization

/// What `serve` knows of each environment, kept by its refreshes and read by the endpoints:
/// whether it has ever succeeded, its last failure, and its last snapshot document already
/// serialized (a request copies bytes, never evaluates nor serializes).
final class ServedEnvironments: Sendable {
    /// One environment's state.
    struct Environment: Sendable {
        var name: String
        /// The `snapshot` document of its last successful refresh, serialized as `snapshot` writes it.
        var document: [UInt8]?
        /// The same document as a value, for the `{ENV: doc}` object.
        var documentValue: JSONValue?
        /// The last refresh's failure (a failed side beside data included); nil after a clean one.
        var failure: RefreshFailure?
    }

    /// Whether `/snapshot` is one environment's document (a single cluster) or the `{ENV: doc}` object.
    let single: Bool
    /// `combined` is made outside the lock from the environments at `version`; a slower
    /// refresh's older object never replaces a newer one (`combinedVersion`).
    private let state: Mutex<(environments: [Environment], version: Int, combined: [UInt8]?, combinedVersion: Int)>

    init(names: [String], single: Bool) {
        self.single = single
        state = Mutex((environments: names.map { Environment(name: $0) }, version: 0, combined: nil, combinedVersion: 0))
    }

    var environments: [Environment] { state.withLock { $0.environments } }

    /// Keeps what a finished refresh of environment `index` gave. Serializes here, on the
    /// refresh's thread, so that no request ever does.
    func record(_ index: Int, _ outcome: RefreshOutcome) {
        var document: (value: JSONValue, bytes: [UInt8])?
        // A success: the registry and the nodes both read (as `snapshot` needs them); what the
        // pods or a new configuration gave is said beside it, as `snapshot` says it.
        let failedSides = Set(outcome.failure?.sides.map(\.side) ?? [])
        if let picture = outcome.picture, let activity = outcome.activity, failedSides.isDisjoint(with: [.registry, .nodes]) {
            let value = picture.snapshotDocument(activity: activity)
            document = (value, value.serializedBytes(parallelism: .ownThread) + Array("\n".utf8))
        }
        let (environments, version) = state.withLock { state in
            state.version += 1
            state.environments[index].failure = outcome.failure
            if let document {
                state.environments[index].document = document.bytes
                state.environments[index].documentValue = document.value
            }
            return (state.environments, state.version)
        }
        guard !single, document != nil else { return }
        // The object of every environment, as `snapshot --environments` writes it (an
        // environment without a first success is its error, or left out while it has none).
        var members: [String: JSONValue] = [:]
        for environment in environments {
            if let value = environment.documentValue {
                members[environment.name] = value
            } else if let failure = environment.failure {
                members[environment.name] = .object(["error": .string(failure.eachSideOnOneLine.text)])
            }
        }
        let combined = JSONValue.object(members).serialized(parallelism: .ownThread) + "\n"
        state.withLock { state in
            guard version > state.combinedVersion else { return }
            state.combined = Array(combined.utf8)
            state.combinedVersion = version
        }
    }

    /// The `{ENV: doc}` object of the last refreshes; nil before any environment's first success.
    var combined: [UInt8]? { state.withLock { $0.combined } }

    /// The environments without a first success, each with its last failure's one line (or
    /// `waiting for its first refresh`); empty when ready.
    var notReady: [String] {
        environments.filter { $0.document == nil }.map { environment in
            "\(environment.name): " + (environment.failure.map { MessageText.oneLine($0.text) } ?? "waiting for its first refresh")
        }
    }

    /// An environment's state in a word or three: `ok`, `failing: registry (network)`, `waiting`.
    static func stateText(_ environment: Environment) -> String {
        if let failure = environment.failure {
            guard !failure.sides.isEmpty else { return "failing" }
            return "failing: " + failure.sides.map { "\($0.side.rawValue) (\($0.kind.rawValue))" }.joined(separator: ", ")
        }
        return environment.document == nil ? "waiting" : "ok"
    }
}
