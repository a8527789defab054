import NubladaStandIn

/// Serving the demo world: its state as a whole, and its events as they happen.
extension StandInServer {
    /// Watch history the demo keeps (the changes a watch can resume after). The stand-in's own
    /// default suits benchmarks replaying long runs; the demo runs for days, and ten thousand
    /// full node objects (each with up to 50 images) would be tens of megabytes held for no
    /// one: the dashboard's watch is never that far behind, and re-lists when it is.
    static let demoWatchHistory = 500

    /// Serves the world's current registry listing, nodes and pods, with no failures pending; `clock`
    /// places the pods' timestamps on the wall clock.
    public func load(_ world: DemoSimulator, clock: DemoClock = .simulated) {
        keepWatchHistory(Self.demoWatchHistory)
        failureInjector?.clearFailures()
        serveRegistry(of: world)
        setNodes(world.clusterNodes)
        setPods(world.pods(clock: clock))
    }

    /// Serves the world's images as its configured source lists them: the Artifact Registry
    /// listing, or the lab image's tags in the Docker repository (with the world's digests).
    func serveRegistry(of world: DemoSimulator) {
        let settings = world.settings
        if let docker = settings.prepuller.source.docker {
            let manifests = settings.labTags(world.registryEntries).map { StandInDockerManifest(tag: $0.tag, digest: $0.digest) }
            setDockerRepository(docker.repository, manifests: manifests)
        } else {
            setRegistry(entries: world.registryEntries, source: settings.source)
        }
    }

    /// Applies what `advance` returned: the listing (once) if it changed, each changed node,
    /// the pods (once) if any changed, and the scripted failures (to the server's
    /// ``StandInServer/failureInjector``, when it has one). `world` is the simulator after that advance.
    public func apply(_ events: [DemoEvent], from world: DemoSimulator, clock: DemoClock = .simulated) {
        guard !events.isEmpty else { return }
        if events.contains(where: { $0.change.changesRegistry }) { serveRegistry(of: world) }
        if events.contains(where: { $0.change.changesPods }) { setPods(world.pods(clock: clock)) }
        var updated = Set<String>()
        for event in events {
            switch event.change {
            case .registryFailures(let count, let status): failureInjector?.failNext(count, status: status, on: .registry)
            case .kubernetesFailures(let count, let status): failureInjector?.failNext(count, status: status, on: .kubernetes)
            case .answerDelay(let seconds): failureInjector?.setDelay(seconds)
            default: break
            }
            guard let name = event.change.node, updated.insert(name).inserted else { continue }
            if let node = world.clusterNode(named: name) {
                setNode(node)
            } else {
                removeNode(named: name)
            }
        }
    }
}
