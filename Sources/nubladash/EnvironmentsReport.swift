import Foundation
import NubladaClients
import NubladaEngine
import NubladaTUI

/// `snapshot --environments --format text`: one line per environment, names aligned, then
/// its state: `ok`, `error`, or with `--fail-on` the state that trips it (`failing`, `stuck`)
/// or `unknown` when its pods could not be read. ASCII when the locale cannot show more.
struct EnvironmentsReport {
    let results: [(name: String, outcome: EnvironmentsSnapshot.Outcome)]
    var failOn: [SnapshotCommand.FailOn] = []
    var ascii = !Locale.isUTF8

    var text: String {
        let width = results.map(\.name.count).max() ?? 0
        let states = results.map { state($0.outcome) }
        let stateWidth = max(5, states.map(\.count).max() ?? 0)
        return zip(results, states).map { result, state in
            let name = result.name.padding(toLength: width, withPad: " ", startingAt: 0)
            let padded = state.padding(toLength: stateWidth, withPad: " ", startingAt: 0)
            return "\(name)  \(padded)  \(detail(result.outcome))"
        }.joined(separator: "\n")
    }

    /// The word for the line: what `--fail-on` found when it was asked, else ok or error.
    private func state(_ outcome: EnvironmentsSnapshot.Outcome) -> String {
        switch outcome {
        case .error: return "error"
        case .snapshot(_, let activity):
            guard !failOn.isEmpty else { return "ok" }
            guard case .activity(let found) = activity else { return "unknown" }
            return failOn.tripped(found)?.rawValue ?? "ok"
        }
    }

    private func detail(_ outcome: EnvironmentsSnapshot.Outcome) -> String {
        switch outcome {
        case .error(let failure):
            return MessageText.oneLine(failure.text)
        case .snapshot(let picture, let activity):
            var text = line(EnvironmentSummary(picture.dashboard), recommended: AliasTargetText.recommended(picture.dashboard, arrow: ascii ? "->" : "→"),
                            activity: activity)
            if !failOn.isEmpty, case .error(let message) = activity { text += "  \(SnapshotCommand.FailOn.unreadPods(message))" }
            return MessageText.oneLine(text)
        }
    }

    /// - Parameter recommended: `recommended → w_2026_44` (or `→ ? (not among the 30 newest)`
    ///   when a Docker source's search found no tag with its digest).
    private func line(_ summary: EnvironmentSummary, recommended: String, activity: ActivityReading) -> String {
        var parts = [recommended]
        parts.append("weekly \(summary.latestWeekly ?? "none")")
        parts.append("daily \(summary.latestDaily ?? "none")")
        parts.append("prepulled \(summary.cached)/\(summary.required)")
        if case .activity(let found) = activity, found.totals.pulling + found.totals.failing + found.totals.stuck > 0 {
            parts.append("\(found.totals.pulling) pulling, \(found.totals.failing) failing, \(found.totals.stuck) stuck")
        }
        parts.append("\(summary.eligibleNodes)/\(summary.nodes) nodes eligible")
        return parts.joined(separator: "  ")
    }
}
