import NubladaEngine

/// The demo world's fixed parameters: the repository, what the controller prepulls, the
/// lab toleration, the seed and the simulated start; and the controller configuration file
/// that says the same.
public struct DemoSettings: Sendable {
    /// Seeds every random choice: the same seed gives the same world and timeline.
    public var seed: UInt64
    /// The simulated moment the demo starts (seconds since the epoch).
    public var start: Double
    public var source: GARSourceOptions
    public var prepuller: PrepullerOptions
    /// The lab's tolerations: the lab pool's `NoExecute` taint is accepted.
    public var tolerations: [Toleration]

    /// The taint every lab-pool node carries.
    public static let labTaint = Taint(key: "nublado.lsst.io/permitted", value: "true", effect: "NoExecute")

    public init(seed: UInt64 = 1, start: Double) {
        self.seed = seed
        self.start = start
        source = StandInFixtures.defaultSource
        prepuller = PrepullerOptions(source: source)
        tolerations = [Toleration(key: DemoSettings.labTaint.key, operator: .exists, effect: "NoExecute")]
    }

    /// 09:45 UTC on the latest Thursday on or before `now`'s day: a daily is pushed a quarter
    /// of an hour later, and the weekly that afternoon.
    public static func startTime(near now: Double) -> Double {
        let thursday = DemoCalendar.thursday(onOrBefore: DemoCalendar.dayNumber(now))
        return DemoCalendar.midnight(thursday) + 9 * DemoCalendar.hour + 45 * DemoCalendar.minute
    }

    /// The controller configuration (its own YAML layout) matching these settings.
    public var configurationYAML: String {
        let toleration = tolerations[0]
        return """
            # The Nublado controller configuration of the nubladash demo cluster.
            images:
              source:
                type: google
                location: \(source.location)
                projectId: \(source.projectID)
                repository: \(source.repository)
                image: \(source.image)
              recommendedTag: \(prepuller.recommendedTag)
              numReleases: \(prepuller.numReleases)
              numWeeklies: \(prepuller.numWeeklies)
              numDailies: \(prepuller.numDailies)
            lab:
              tolerations:
                - key: \(toleration.key ?? "")
                  operator: \(toleration.operator.rawValue)
                  effect: \(toleration.effect ?? "")
            dropdownMenu:
              release: {number: 3}
              releaseCandidate: {number: 2}
              weekly: {number: 12}
              daily: {number: 7}

            """
    }
}
