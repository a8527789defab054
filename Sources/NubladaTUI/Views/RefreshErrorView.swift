/// The `e` overlay: the last refresh error in full, wrapped, with when it happened, how many
/// attempts in a row failed, the data shown and the next attempt. The status line has room
/// for the start of an error only.
enum RefreshErrorView {
    static func lines(_ state: DashboardState) -> [StyledLine] {
        let refresh = state.refresh
        guard let failure = refresh.lastFailure else {
            return [StyledLine("The last refresh succeeded: no error to show.", role: .ok)]
        }
        let zone = state.options.timeZone
        func when(_ seconds: Double) -> String {
            "\(Formatting.clockTime(seconds, in: zone)) \(Formatting.zoneName(seconds, in: zone)) "
                + "(\(Formatting.duration(state.now - seconds)) ago)"
        }
        var lines = [
            OverlayContent.field("Failed at", when(failure.failedAt), role: .error),
            OverlayContent.field("Attempts", "\(refresh.consecutiveFailures) in a row"),
            OverlayContent.field("Data shown", refresh.lastSuccessAt.map { "from \(when($0))" } ?? "none: no data yet",
                                 role: refresh.lastSuccessAt == nil ? .warning : .stale),
        ]
        // A side that failed while the other answered shows older data than the rest.
        for (side, answered) in state.sidesBehind {
            lines.append(OverlayContent.field("\(side.prefix(1).uppercased())\(side.dropFirst()) data",
                                              answered.map { "from \(when($0))" } ?? "none yet", role: .stale))
        }
        if refresh.inFlight {
            lines.append(OverlayContent.field("Next attempt", "running now"))
        } else if refresh.paused {
            lines.append(OverlayContent.field("Next attempt", "paused (p resumes, u refreshes)", role: .warning))
        } else if let next = refresh.nextAttemptAt {
            lines.append(OverlayContent.field("Next attempt", "in \(Formatting.duration(max(0, next - state.now))) (u now)"))
        }
        lines.append(StyledLine())
        lines.append(StyledLine(failure.message))
        return lines
    }
}
