import NubladaEngine
import NubladaStandIn

/// Which kind of registry the demo serves its images from.
public enum DemoRegistryKind: String, Sendable, CaseIterable {
    /// An Artifact Registry repository, as at IDF.
    case google
    /// A Docker Registry V2 repository with token auth, as at USDF (`ghcr.io/lsst-sqre/sciplat-lab`).
    case docker
}

/// The demo world's fixed parameters: the repository, what the controller prepulls, the
/// lab toleration, the seed and the simulated start; and the controller configuration file
/// that says the same.
public struct DemoSettings: Sendable {
    /// Seeds every random choice: the same seed gives the same world and timeline.
    public var seed: UInt64
    /// The simulated moment the demo starts (seconds since the epoch).
    public var start: Double
    /// The repository the world is built in (its lab image's name picks the lab images).
    public var source: GARSourceOptions
    public var kind: DemoRegistryKind
    /// What the controller is configured with: `source` itself, or the Docker repository the
    /// same images are served from.
    public var prepuller: PrepullerOptions
    /// The lab's tolerations: the lab pool's `NoExecute` taint is accepted.
    public var tolerations: [Toleration]

    /// The taint every lab-pool node carries.
    public static let labTaint = Taint(key: "nublado.lsst.io/permitted", value: "true", effect: "NoExecute")

    /// The Docker repository of a `docker` demo.
    public static let dockerSource = DockerSourceOptions(registry: "ghcr.io", repository: "lsst-sqre/sciplat-lab")

    /// How many weeks older than the newest weekly a Docker world holds `recommended` back on
    /// now and then: the 7th newest, beyond the prepull set, so the dashboard finds its target
    /// by a search of the newest tags' digests.
    public static let heldBackWeeks = 6

    /// The SAL cycle a summit-like site keeps (its `images.cycle`); the world's cycle builds are of it.
    public static let summitCycle = 50

    /// Where a summit-like site's lab images come from: a private registry of its own (the
    /// summit's is ts-dockerhub.lsst.org, holding the SAL builds), with credentials required.
    public static let summitSource = DockerSourceOptions(registry: "ts-dockerhub.lsst.org", repository: "sal-sciplat-lab")

    /// - Parameter cycle: keep only this SAL cycle, as the summit does: the controller then
    ///   recommends the cycle's own alias (`recommended_c0050`) and, for a Docker world, the
    ///   images come from the summit-like private registry.
    public init(seed: UInt64 = 1, start: Double, kind: DemoRegistryKind = .google, cycle: Int? = nil) {
        self.seed = seed
        self.start = start
        self.kind = kind
        source = StandInFixtures.defaultSource
        let docker = cycle == nil ? DemoSettings.dockerSource : DemoSettings.summitSource
        prepuller = PrepullerOptions(source: kind == .docker ? .docker(docker) : .google(source))
        if let cycle {
            prepuller.cycle = cycle
            prepuller.recommendedTag = "recommended_\(DemoSettings.cycleSuffix(cycle))"
        }
        tolerations = [Toleration(key: DemoSettings.labTaint.key, operator: .exists, effect: "NoExecute")]
    }

    /// `c0050` for cycle 50: how the cycle appears in tags.
    static func cycleSuffix(_ cycle: Int) -> String {
        let digits = String(cycle)
        return "c" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// 09:45 UTC on the latest Thursday on or before `now`'s day: a daily is pushed a quarter
    /// of an hour later, and the weekly that afternoon.
    public static func startTime(near now: Double) -> Double {
        let thursday = DemoCalendar.thursday(onOrBefore: DemoCalendar.dayNumber(now))
        return DemoCalendar.midnight(thursday) + 9 * DemoCalendar.hour + 45 * DemoCalendar.minute
    }

    /// The demo controller's `prepullTimeout` (the controller's default, 10 minutes), in
    /// simulated seconds.
    public static let prepullTimeout = 600.0

    /// The controller configuration (its own YAML layout) matching these settings.
    public var configurationYAML: String { configurationYAML(speed: 1) }

    /// The configuration for a world running `speed` times faster than real time: its
    /// `images.prepullTimeout` is on the wall clock (600 s / `speed`), like the pods' timestamps
    /// (see ``DemoClock``), so that a client sees a pod left behind as stuck when the simulated
    /// controller gave up on it.
    public func configurationYAML(speed: Double) -> String {
        let toleration = tolerations[0]
        return """
            # The Nublado controller configuration of the nubladash demo cluster.
            images:
              source:
            \(sourceYAML)
              recommendedTag: \(prepuller.recommendedTag)
              numReleases: \(prepuller.numReleases)
              numWeeklies: \(prepuller.numWeeklies)
              numDailies: \(prepuller.numDailies)
            \(cycleYAML)  prepullTimeout: \(Self.seconds(Self.prepullTimeout / speed))
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

    /// The `images.cycle` line (with its indentation and newline), or nothing.
    private var cycleYAML: String {
        prepuller.cycle.map { "  cycle: \($0)\n" } ?? ""
    }

    /// Seconds as YAML: whole ones without a fraction.
    private static func seconds(_ value: Double) -> String {
        value == value.rounded() && value < 1e15 ? String(Int(value)) : String(value)
    }

    /// The `images.source` members, indented for `configurationYAML`.
    private var sourceYAML: String {
        switch prepuller.source {
        case .google(let source):
            return """
                    type: google
                    location: \(source.location)
                    projectId: \(source.projectID)
                    repository: \(source.repository)
                    image: \(source.image)
                """
        case .docker(let source):
            return """
                    type: docker
                    registry: \(source.registry)
                    repository: \(source.repository)
                """
        }
    }

    /// What the registry answers for the world's listing, in the form of the configured source:
    /// the Artifact Registry listing itself, or the lab image's tags and digests.
    func listing(_ entries: [RegistryEntry]) -> RegistryListing {
        guard prepuller.source.docker != nil else { return .artifactRegistry(entries) }
        let tagged = labTags(entries)
        return .docker(tags: tagged.map(\.tag), digests: Dictionary(tagged.map { ($0.tag, $0.digest) }, uniquingKeysWith: { $1 }))
    }

    /// Every tag of the lab image with its digest, in listing order (what a Docker repository holds).
    func labTags(_ entries: [RegistryEntry]) -> [(tag: String, digest: String)] {
        entries.flatMap { entry -> [(tag: String, digest: String)] in
            guard let (name, digest) = entry.nameAndDigest, name == source.image else { return [] }
            return entry.tags.map { ($0, digest) }
        }
    }
}
