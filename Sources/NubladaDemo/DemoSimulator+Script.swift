import NubladaStandIn

/// The script of a demo day. The first day is dense, so a viewer sees every kind of change
/// within minutes at the default speed; later days repeat at a realistic pace, with seeded
/// jitter.
extension DemoSimulator {
    /// Registry calls failed in a burst: more than one refresh's retries (the GAR client
    /// tries at most 11 times within its 30-second budget), so one refresh fails and the
    /// next one recovers.
    static let registryBurst = 12
    /// Kubernetes calls failed in a burst (the Kubernetes client does not retry).
    static let kubernetesBurst = 2
    /// Seconds every answer takes during the slow spell.
    static let slowAnswer = 6.0

    mutating func planDay(_ day: Int) {
        let midnight = DemoCalendar.midnight(day)
        let weekday = DemoCalendar.weekday(day)
        func at(_ hour: Double, _ minute: Double = 0, jitterMinutes: Double = 0) -> Double {
            midnight + hour * DemoCalendar.hour + minute * DemoCalendar.minute
                + random.between(0, jitterMinutes) * DemoCalendar.minute
        }
        if day == DemoCalendar.dayNumber(settings.start) {
            agenda.schedule(.pushDaily(day: day), at: at(10))
            agenda.schedule(.joinNode, at: at(10, 30))
            agenda.schedule(.taintNode, at: at(10, 50))
            agenda.schedule(.registryFailures(Self.registryBurst), at: at(11, 20))
            agenda.schedule(.moveRecommended, at: at(12))
            agenda.schedule(.answerDelay(Self.slowAnswer), at: at(12, 40))
            agenda.schedule(.answerDelay(0), at: at(12, 50))
            agenda.schedule(.untaintNode, at: at(13, 30))
            if weekday == 4 { agenda.schedule(.pushWeekly(day: day), at: at(14)) }
            agenda.schedule(.leaveNode, at: at(15))
            agenda.schedule(.kubernetesFailures(Self.kubernetesBurst), at: at(17))
            // Only a Docker world: its times are drawn after the check, so the Artifact Registry
            // worlds' seeded timeline stays as it was.
            if holdsRecommendedBack { holdRecommendedBack(from: at(18), to: at(20)) }
        } else {
            agenda.schedule(.pushDaily(day: day), at: at(10, jitterMinutes: 30))
            agenda.schedule(.joinNode, at: at(11, jitterMinutes: 60))
            agenda.schedule(.taintNode, at: at(12, jitterMinutes: 60))
            agenda.schedule(.untaintNode, at: at(14, 30, jitterMinutes: 60))
            if weekday == 4 { agenda.schedule(.pushWeekly(day: day), at: at(14, jitterMinutes: 30)) }
            if weekday == 2 { agenda.schedule(.moveRecommended, at: at(16, jitterMinutes: 60)) }
            if weekday == 6 && holdsRecommendedBack { holdRecommendedBack(from: at(9, jitterMinutes: 60), to: at(19, jitterMinutes: 60)) }
            switch day % 3 {
            case 0: agenda.schedule(.registryFailures(Self.registryBurst), at: at(15, jitterMinutes: 120))
            case 1: agenda.schedule(.kubernetesFailures(Self.kubernetesBurst), at: at(15, jitterMinutes: 120))
            default: break
            }
            let slow = at(18, jitterMinutes: 60)
            agenda.schedule(.answerDelay(Self.slowAnswer), at: slow)
            agenda.schedule(.answerDelay(0), at: slow + 10 * DemoCalendar.minute)
            agenda.schedule(.leaveNode, at: at(20, jitterMinutes: 120))
        }
        agenda.schedule(.planDay(day + 1), at: DemoCalendar.midnight(day + 1))
    }

    /// A Docker world holds `recommended` back on an older weekly for a while (Saturdays, and
    /// the first evening), so that the search for its target shows; the Artifact Registry
    /// worlds list every digest and keep their timeline.
    private var holdsRecommendedBack: Bool { settings.kind == .docker }

    private mutating func holdRecommendedBack(from start: Double, to end: Double) {
        agenda.schedule(.holdRecommendedBack, at: start)
        agenda.schedule(.restoreRecommended, at: end)
    }
}
