import NubladaEngine
import NubladaStandIn

/// The demo world: a registry and a cluster that live on a scripted, seeded timeline.
///
/// A pure value: `advance(to:)` moves the simulated clock and returns what happened, with
/// the state (``registryEntries``, ``clusterNodes``) updated to match. Nothing runs on its
/// own; ``DemoDriver`` advances it in real time, tests call ``step()``.
///
/// ```swift
/// var world = DemoSimulator(DemoSettings(seed: 7, start: DemoSettings.startTime(near: now)))
/// server.load(world)                               // the first morning
/// let events = world.advance(to: world.now + 3600) // an hour later
/// server.apply(events, from: world)
/// ```
public struct DemoSimulator: Sendable {
    public let settings: DemoSettings
    /// The simulated clock (seconds since the epoch).
    public private(set) var now: Double
    var registry: DemoRegistry
    var nodes: [DemoNode]
    /// What the controller prepulls from the current listing.
    var prepull: [DemoPrepullTarget] = []
    var agenda = DemoAgenda()
    var random: SeededGenerator
    let plan: DemoPrepullPlan
    let builder: DemoClusterBuilder
    /// The node under a temporary taint, if any.
    var taintedNode: String?
    /// Where `recommended` pointed before it was held back on an older weekly, while it is.
    var recommendedBeforeHold: String?
    /// The controller's prepull pods, by name.
    var prepullPods: [String: DemoPrepullPod] = [:]
    /// The users' labs, by user.
    var labs: [String: DemoLab] = [:]

    /// Lab-pool nodes the autoscaler keeps between.
    static let labPoolRange = 30...38

    public init(_ settings: DemoSettings) {
        self.settings = settings
        now = settings.start
        var random = SeededGenerator(seed: settings.seed)
        plan = DemoPrepullPlan(settings: settings)
        let base = "\(settings.prepuller.source.registry)/\(settings.prepuller.source.path)"
        registry = DemoRegistryBuilder.initial(source: settings.source, referenceBase: base,
                                               today: DemoCalendar.dayNumber(settings.start), random: &random)
        builder = DemoClusterBuilder(random: &random)
        nodes = builder.initial(registry: registry, plan: plan, now: settings.start, random: &random)
        self.random = random
        prepull = plan.targets(for: registry.entries)
        replan(startWithin: 10...90)
        startInitialLabs()
        agenda.schedule(.planDay(DemoCalendar.dayNumber(settings.start)), at: settings.start)
    }

    // MARK: Time

    /// When the next scheduled action happens.
    public var nextEventTime: Double? { agenda.nextTime }

    /// Runs every action due up to `time` and sets the clock to it; returns what happened.
    public mutating func advance(to time: Double) -> [DemoEvent] {
        var events: [DemoEvent] = []
        while let (due, action) = agenda.popDue(at: time) {
            now = max(now, due)
            events += perform(action).map { DemoEvent(time: now, change: $0) }
        }
        now = max(now, time)
        return events
    }

    /// Advances to the next scheduled action (every action due then runs).
    public mutating func step() -> [DemoEvent] {
        guard let next = agenda.nextTime else { return [] }
        return advance(to: next)
    }

    // MARK: State

    /// The registry listing GAR serves now.
    public var registryEntries: [RegistryEntry] { registry.entries }

    /// The nodes the Kubernetes API serves now.
    public var clusterNodes: [ClusterNode] { nodes.map(\.clusterNode) }

    public func clusterNode(named name: String) -> ClusterNode? {
        nodes.first { $0.name == name }?.clusterNode
    }

    public var nodeNames: [String] { nodes.map(\.name) }

    /// The tags the controller prepulls now (each build's own tag).
    public var prepullTags: [String] { prepull.map(\.tag) }

    /// The digests the controller prepulls now.
    public var prepullDigests: Set<String> { Set(prepull.map(\.digest)) }

    /// The own tag of the build an alias points at.
    public func target(ofAlias alias: String) -> String? { registry.image(withTag: alias)?.primaryTag }

    /// The digest a tag points at.
    public func digest(ofTag tag: String) -> String? { registry.image(withTag: tag)?.digest }

    /// Actions waiting on the agenda (bounded: a day's script and a pull per node).
    public var pendingActionCount: Int { agenda.count }

    /// The pods the Kubernetes API serves now: the controller's prepull pods and the users'
    /// labs, their timestamps placed on the wall clock by `clock`.
    public func pods(clock: DemoClock = .simulated) -> [StandInPod] {
        prepullPods.values.map { DemoPodStyle.prepullPod($0, clock: clock) } + labs.values.map { DemoPodStyle.labPod($0, clock: clock) }
    }

    /// The node whose pulls keep failing.
    public var failingNode: String? { nodes.first { $0.role == .failingPulls }?.name }

    /// Nodes waiting for or running a pull.
    public var nodesPulling: [String] { nodes.filter { $0.pulling != nil || !$0.queue.isEmpty }.map(\.name) }
}
