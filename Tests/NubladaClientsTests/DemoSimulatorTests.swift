import Foundation
import NubladaEngine
import NubladaStandIn
import NubladaDemo
import Testing

/// The demo world on its own: realistic data, a deterministic timeline, bounded growth.
@Suite struct DemoSimulatorTests {
    static let start = DemoHarness.start

    static func tags(_ world: DemoSimulator, image: String = "sciplat-lab") -> [String] {
        world.registryEntries.filter { $0.nameAndDigest?.name == image }.flatMap(\.tags)
    }

    @Test func startsOnAThursdayMorning() {
        let start = DemoSettings.startTime(near: 3_402_000_000)
        #expect(start.truncatingRemainder(dividingBy: 86_400) == 9 * 3600 + 45 * 60)
        #expect((Int(start / 86_400) + 3) % 7 == 3)  // 1970-01-01 was a Thursday
        #expect(start > 3_402_000_000 - 7 * 86_400 && start < 3_402_000_000 + 86_400)
    }

    @Test func registryHasEveryKindOfTag() throws {
        let world = DemoSimulator(DemoSettings(seed: 1, start: Self.start))
        let tags = Self.tags(world)
        let types = Dictionary(grouping: tags.map { ImageTag(parsing: $0) }, by: \.imageType)
        #expect(types[.daily]?.count == 45)
        #expect((types[.weekly]?.count ?? 0) >= 104)
        #expect((types[.release]?.count ?? 0) >= 5)
        #expect((types[.candidate]?.count ?? 0) >= 2)
        #expect((types[.experimental]?.count ?? 0) >= 4)
        #expect(tags.contains("r28_0_1-amd64") && tags.contains("r28_0_1-arm64"))
        #expect(tags.filter { $0.contains("_c0050.001") }.count == 4)
        for alias in ["recommended", "latest_weekly", "latest_daily", "latest_release"] {
            #expect(world.target(ofAlias: alias) != nil, "\(alias)")
        }
        #expect(world.target(ofAlias: "latest_release") == "r28_0_1")
        #expect(world.target(ofAlias: "recommended") != world.target(ofAlias: "latest_weekly"))
        #expect(!Self.tags(world, image: "jupyterlab-base").isEmpty)
        for entry in world.registryEntries where entry.nameAndDigest?.name == "sciplat-lab" {
            let size = try #require(entry.sizeBytes)
            #expect(size >= 3_000_000_000 && size <= 9_000_000_000)
            #expect((entry.uploadTime ?? .infinity) < Self.start)
        }
    }

    @Test func clusterHasTwoPoolsAndItsSpecialNodes() throws {
        let world = DemoSimulator(DemoSettings(seed: 1, start: Self.start))
        let nodes = world.clusterNodes
        #expect(nodes.count == 40)
        let pattern = try Regex("^gke-science-platform-(core|lab)-pool-[0-9a-f]{8}-[a-z0-9]{4}$")
        #expect(nodes.allSatisfy { $0.name.wholeMatch(of: pattern) != nil })
        #expect(Set(nodes.compactMap { $0.labels["node_pool"] }) == ["core-pool", "lab-pool"])
        #expect(Set(nodes.compactMap { $0.labels["topology.kubernetes.io/zone"] }).count == 3)
        #expect(nodes.filter { $0.labels["node_pool"] == "lab-pool" }.allSatisfy { $0.taints.contains(DemoSettings.labTaint) })
        #expect(nodes.filter(\.unschedulable).count == 1)
        #expect(nodes.first(where: \.unschedulable)?.taints.contains { $0.key == "node.kubernetes.io/unschedulable" } == true)
        #expect(nodes.filter { $0.images.count == ClusterNode.kubeletImageReportLimit }.count == 1)
        #expect(nodes.allSatisfy { $0.images.count <= ClusterNode.kubeletImageReportLimit })
    }

    @Test func sameSeedSameTimelineOtherSeedAnother() {
        func run(_ seed: UInt64) -> [DemoEvent] {
            var world = DemoSimulator(DemoSettings(seed: seed, start: Self.start))
            return world.advance(to: Self.start + 3 * 86_400)
        }
        let first = run(5)
        #expect(first.count > 100)
        #expect(first == run(5))
        #expect(first != run(6))
        #expect(zip(first, first.dropFirst()).allSatisfy { $0.time <= $1.time })
    }

    @Test func everyDayPushesADailyAndMovesLatestDaily() {
        var world = DemoSimulator(DemoSettings(seed: 3, start: Self.start))
        let events = world.advance(to: Self.start + 10 * 86_400)
        let dailies = events.compactMap { event -> String? in
            if case .imagePushed(let tag, _) = event.change, tag.hasPrefix("d_") { return tag }
            return nil
        }
        #expect(dailies.count == 10)
        #expect(Set(dailies).count == 10)
        #expect(world.target(ofAlias: "latest_daily") == dailies.last)
        #expect(events.contains { if case .pushedWeekly = Kind(event: $0) { true } else { false } })
        #expect(events.contains { if case .aliasMoved("recommended", _, _) = $0.change { true } else { false } })
    }

    /// Memory stays flat: two months later the registry, the cluster, each node's images and
    /// the agenda are no bigger than at the start (within their windows).
    @Test func growthIsBoundedOverMonths() {
        var world = DemoSimulator(DemoSettings(seed: 9, start: Self.start))
        let tagsAtStart = Self.tags(world).count
        var events = 0
        for day in 1...60 {
            events += world.advance(to: Self.start + Double(day) * 86_400).count
            #expect(world.pendingActionCount < 150)
            #expect((30...44).contains(world.nodeNames.count))
        }
        #expect(events > 1000)
        #expect(Self.tags(world).count <= tagsAtStart + 2)
        let dailies = Self.tags(world).filter { ImageTag(parsing: $0).imageType == .daily }
        #expect(dailies.count <= 46)
        #expect(world.clusterNodes.allSatisfy { $0.images.count <= ClusterNode.kubeletImageReportLimit })
        #expect(world.clusterNodes.filter { $0.images.count < ClusterNode.kubeletImageReportLimit }
            .allSatisfy { $0.images.count <= 12 + 8 + 1 })
    }

    /// A Docker world holds `recommended` back now and then on the 7th newest weekly, outside
    /// the prepull set (whose digests are all a Docker source knows), so the dashboard's search
    /// for its target shows; then it goes back where it was. An Artifact Registry world does not.
    @Test func aDockerWorldHoldsRecommendedBackOutsideThePrepullSet() throws {
        var world = DemoSimulator(DemoSettings(seed: 2, start: Self.start, kind: .docker))
        var held: [(from: String?, to: String)] = []
        var restored: [(from: String?, to: String)] = []
        var holding: (from: String?, to: String)?
        // The first evening and the next Saturday (a week later is Friday); each step's events
        // judged against the world as it stands right after them.
        while let next = world.nextEventTime, next < Self.start + 8 * 86_400 {
            for event in world.step() {
                guard case .aliasMoved("recommended", let from, let to) = event.change else { continue }
                let weeklies = Self.tags(world).filter { ImageTag(parsing: $0).imageType == .weekly && !$0.contains("_c") }
                    .sorted(by: >)
                let position = try #require(weeklies.firstIndex(of: to), "\(to) is a kept weekly")
                if let hold = holding {
                    #expect(from == hold.to && to == hold.from, "moved back where it was: \(from ?? "-") → \(to)")
                    restored.append((from, to))
                    holding = nil
                } else if position >= world.settings.prepuller.numWeeklies {
                    #expect(position == DemoSettings.heldBackWeeks, "held on the 7th newest weekly, not the \(position + 1)th")
                    #expect(world.prepullDigests.contains(try #require(world.digest(ofTag: to))), "prepulled through the alias alone")
                    held.append((from, to))
                    holding = (from, to)
                }
            }
        }
        #expect(held.count == 2, "held back the first evening and on Saturday: \(held)")
        #expect(restored.count == 2, "and moved back each time: \(restored)")
        #expect(holding == nil)

        var google = DemoSimulator(DemoSettings(seed: 2, start: Self.start))
        let googleMoves = google.advance(to: Self.start + 8 * 86_400).filter {
            if case .aliasMoved("recommended", _, _) = $0.change { true } else { false }
        }
        #expect(googleMoves.count == 2, "an Artifact Registry world moves it on the first day and on Tuesday only")
    }
}

/// Coarse kinds of events, for matching.
private enum Kind {
    case pushedWeekly, other

    init(event: DemoEvent) {
        if case .imagePushed(let tag, _) = event.change, tag.hasPrefix("w_") { self = .pushedWeekly } else { self = .other }
    }
}
