import Foundation
import NubladaClients
import NubladaEngine

/// `snapshot --environments --format text`: one line per environment, names aligned.
/// ASCII when the locale cannot show more.
struct EnvironmentsReport {
    let results: [(name: String, outcome: EnvironmentsSnapshot.Outcome)]
    var ascii = !Locale.isUTF8

    var text: String {
        let width = results.map(\.name.count).max() ?? 0
        return results.map { name, outcome in
            let padded = name.padding(toLength: width, withPad: " ", startingAt: 0)
            switch outcome {
            case .error(let message):
                return "\(padded)  error  \(message)"
            case .snapshot(let picture, let activity):
                return "\(padded)  ok     \(line(EnvironmentSummary(picture.dashboard), activity: activity))"
            }
        }.joined(separator: "\n")
    }

    private func line(_ summary: EnvironmentSummary, activity: ActivityReading) -> String {
        var parts = [summary.recommended(arrow: ascii ? "->" : "→")]
        parts.append("weekly \(summary.latestWeekly ?? "none")")
        parts.append("daily \(summary.latestDaily ?? "none")")
        parts.append("prepulled \(summary.cached)/\(summary.required)")
        if case .activity(let found) = activity, found.totals.pulling + found.totals.failing > 0 {
            parts.append("\(found.totals.pulling) pulling, \(found.totals.failing) failing")
        }
        parts.append("\(summary.eligibleNodes)/\(summary.nodes) nodes eligible")
        return parts.joined(separator: "  ")
    }
}
