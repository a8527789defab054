import Foundation
import NubladaEngine
@testable import NubladaStandIn
@testable import NubladaDemo
import Testing

/// The summit-like demo world: a site that keeps one SAL cycle recommends that cycle's build
/// (`recommended_c0050`), serves its images from a private registry of its own, and its nodes
/// and prepull pods pull that site's prepull set, so the matrix converges as the others do.
@Suite struct DemoSummitTests {
    static let start = DemoHarness.start

    static func summit(seed: UInt64 = 3) -> DemoSimulator {
        DemoSimulator(DemoSettings(seed: seed, start: start, kind: .docker, cycle: DemoSettings.summitCycle))
    }

    /// The world as the dashboard computes it from the world's own configuration.
    static func picture(_ world: DemoSimulator) -> DashboardData {
        let settings = LabImageSettings(prepuller: world.settings.prepuller, tolerations: world.settings.tolerations)
        return ImageEngine.evaluate(settings, listing: world.settings.listing(world.registryEntries),
                                    nodes: world.clusterNodes, now: world.now).dashboard
    }

    @Test func itsConfigurationIsTheSummits() throws {
        let settings = Self.summit().settings
        #expect(settings.prepuller.cycle == 50)
        #expect(settings.prepuller.recommendedTag == "recommended_c0050")
        let source = try #require(settings.prepuller.source.docker)
        #expect(source.registry != DemoSettings.dockerSource.registry, "a private registry of its own, not ghcr.io")
        let yaml = settings.configurationYAML
        #expect(yaml.contains("cycle: 50"))
        #expect(yaml.contains("recommendedTag: recommended_c0050"))
        #expect(yaml.contains("registry: \(source.registry)"))
    }

    @Test func recommendedIsTheCyclesBuildAndKnown() throws {
        let world = Self.summit()
        let data = Self.picture(world)
        let recommended = try #require(data.row("recommended_c0050"))
        #expect(recommended.type != .unknown, "recommended_c0050 resolves to a build of the cycle")
        #expect(recommended.aliasTarget?.contains("_c0050") == true)
        #expect(!data.columns.isEmpty)
        #expect(data.columns.allSatisfy { ($0.aliasTarget ?? $0.tag).contains("_c0050") }, "only the cycle's builds are prepulled")
    }

    /// Each prepull pod pulls an image of the prepull set as it stood when the pod was made: a
    /// pull already started runs on when the set moves on (as when `recommended_c0050` is held
    /// back on an older build for a while and moved back).
    @Test func podsPullOnlyItsOwnPrepullSet() {
        var world = Self.summit()
        var seen: Set<String> = []
        for _ in 0..<3_000 {
            _ = world.step()
            let wanted = world.prepullDigests
            for pod in world.pods() where pod.labels["nublado.lsst.io/category"] == "prepuller" && seen.insert(pod.name).inserted {
                let digest = pod.image.split(separator: "@").last.map(String.init) ?? ""
                #expect(wanted.contains(digest), "\(pod.name) pulls \(pod.image), outside the prepull set")
                if !wanted.contains(digest) { return }
            }
        }
        #expect(seen.count > 20)
    }

    @Test func itsNodesConvergeOnThePrepullSet() {
        var world = Self.summit()
        _ = world.advance(to: world.now + 6 * DemoCalendar.hour)
        let data = Self.picture(world)
        let cached = data.columns.reduce(0) { $0 + $1.cachedCount }
        let wanted = data.columns.reduce(0) { $0 + $1.eligibleCount }
        #expect(wanted > 0)
        // All but the node whose pulls keep failing (and one in the middle of a pull).
        #expect(Double(cached) >= 0.9 * Double(wanted), "\(cached) of \(wanted) cached after six simulated hours")
    }

    @Test func recommendedMovesWithinTheCycle() throws {
        var world = Self.summit()
        // A weekly (and its cycle build) is pushed on Thursdays, the alias moves on Tuesdays.
        let events = world.advance(to: world.now + 15 * 24 * DemoCalendar.hour)
        let moves = events.compactMap { event -> String? in
            if case .aliasMoved("recommended_c0050", _, let to) = event.change { to } else { nil }
        }
        #expect(!moves.isEmpty, "recommended_c0050 moved in two simulated weeks")
        #expect(moves.allSatisfy { $0.contains("_c0050") }, "recommended_c0050 moved to \(moves)")
        #expect(Self.picture(world).row("recommended_c0050")?.type != .unknown)
    }
}
