import Testing
@testable import NubladaEngine

@Suite("Prepull set, menu and documents")
struct PrepullTests {
    static let listing = [
        Build.entry("sha256:w43", "w_2077_43", "recommended", "latest_weekly"), Build.entry("sha256:w42", "w_2077_42"),
        Build.entry("sha256:w41", "w_2077_41"), Build.entry("sha256:r1", "r21_0_1"), Build.entry("sha256:r0", "r21_0_0"),
        Build.entry("sha256:d1", "d_2077_10_21"), Build.entry("sha256:d0", "d_2077_10_20"),
        Build.entry("sha256:x", "exp_w_2077_41_testing"),
    ]

    @Test("the prepull set is the newest releases, weeklies and dailies plus recommended and pins")
    func subset() throws {
        let service = Build.service(Self.listing) {
            $0.numReleases = 1; $0.numWeeklies = 1; $0.numDailies = 1
            $0.pin = ["exp_w_2077_41_testing", "does_not_exist"]
        }
        #expect(service.toPrepull.allImages().map(\.tagName) == [
            "recommended", "r21_0_1", "w_2077_43", "d_2077_10_21", "exp_w_2077_41_testing",
        ])
        // Aliases whose target is in the set are not reported separately.
        #expect(service.reportedPrepullImages().map(\.tagName) == ["r21_0_1", "w_2077_43", "d_2077_10_21", "exp_w_2077_41_testing"])
    }

    @Test("prepulled means cached on every eligible node; ineligible nodes do not count")
    func prepulledStatus() throws {
        let tainted = Taint(key: "maintenance", value: "yes", effect: "NoSchedule")
        let nodes = [
            Build.node("node1", caching: ["sha256:w43", "sha256:w42"]), Build.node("node2", caching: ["sha256:w43"]),
            Build.node("node3", taints: [tainted]),
        ]
        let service = Build.service(Self.listing, nodes: nodes) { $0.numReleases = 0; $0.numWeeklies = 2; $0.numDailies = 0 }
        let status = service.prepullStatus()
        #expect(status.prepulled.map(\.tag) == ["w_2077_43"])
        #expect(status.prepulled.first?.nodes == ["node1", "node2"])
        #expect(status.pending.map(\.tag) == ["w_2077_42"])
        #expect(status.pending.first?.missing == ["node2"])
        #expect(status.nodes.map(\.name) == ["node1", "node2", "node3"])
        #expect(status.nodes[0].cached.count == 2)
        #expect(status.nodes[2].eligible == false)
        #expect(status.nodes[2].comment == "Node is tainted (NoSchedule, maintenance = yes)")

        let menu = service.menuImages(now: 0)
        // Recommended first; the weekly it points to is not repeated; w_2077_42 is not prepulled.
        #expect(menu.menu.map(\.name) == ["Recommended (Weekly 2077_43)"])
        #expect(menu.menu.first?.reference.hasSuffix(":recommended@sha256:w43") == true)

        let images = service.spawnerImages()
        #expect(images.recommended?.tag == "recommended")
        #expect(images.latestWeekly?.tag == "w_2077_43")
        #expect(images.latestRelease == nil)
        #expect(images.all.first { $0.tag == "w_2077_42" }?.prepulled == false)
    }

    @Test("lookups by reference: digest, tag, no tag, not ours")
    func lookups() throws {
        let service = Build.service(Self.listing)
        let registry = Build.source.registry, path = Build.source.path
        #expect(service.image(for: DockerReference(registry: registry, repository: path, tag: "w_2077_42"))?.digest == "sha256:w42")
        #expect(service.image(for: DockerReference(registry: registry, repository: path, digest: "sha256:w43"))?.tagName == "w_2077_43")
        #expect(service.image(for: DockerReference(registry: registry, repository: path)) == nil)
        #expect(service.image(for: DockerReference(registry: "docker.io", repository: path, tag: "w_2077_42")) == nil)
        #expect(service.image(for: DockerReference(registry: registry, repository: path, tag: "w_1999_01")) == nil)
        #expect(DockerReference(parsing: "host:5000/a/b:tag@sha256:x") == DockerReference(
            registry: "host:5000", repository: "a/b", tag: "tag", digest: "sha256:x"))
        #expect(DockerReference(parsing: "no-slash") == nil)
    }
}

@Suite("Dropdown filter policy")
struct FilterPolicyTests {
    static let listing = [
        Build.entry("sha256:w45", "w_2026_45_rsp25"), Build.entry("sha256:w44", "w_2026_44_rsp18"),
        Build.entry("sha256:w40", "w_2026_40"), Build.entry("sha256:d", "d_2026_11_14"),
        Build.entry("sha256:d2", "d_2026_10_01"), Build.entry("sha256:r26", "r26_0_0"), Build.entry("sha256:r24", "r24_0_1"),
        Build.entry("sha256:w45", "recommended"), Build.entry("sha256:u", "mystery"),
    ]

    func dropdown(_ policy: ImageFilterPolicy, now: Double = 0) throws -> [String] {
        let service = Build.service(Self.listing, policy: policy)
        return service.menuImages(now: now).dropdown.map { String($0.reference.split(separator: ":")[1].split(separator: "@")[0]) }
    }

    @Test("number keeps the newest n of a type") func number() throws {
        var policy = ImageFilterPolicy()
        policy.weekly.number = 1
        #expect(try dropdown(policy).filter { $0.hasPrefix("w_") } == ["w_2026_45_rsp25"])
    }

    @Test("cutoffVersion, cutoffDate and cutoffBuild drop older images") func cutoffs() throws {
        var policy = ImageFilterPolicy()
        policy.release.cutoffVersion = SemanticVersion(major: 25, minor: 0, patch: 0)
        policy.daily.cutoffDate = RFC3339Day("2026-10-15")
        policy.weekly.cutoffBuild = 20
        let names = try dropdown(policy)
        #expect(names.filter { $0.hasPrefix("r") && !$0.hasPrefix("recommended") } == ["r26_0_0"])
        #expect(names.filter { $0.hasPrefix("d_") } == ["d_2026_11_14"])
        // A weekly without an RSP build is not dropped by cutoffBuild.
        #expect(names.filter { $0.hasPrefix("w_") } == ["w_2026_45_rsp25", "w_2026_40"])
    }

    @Test("age drops images older than the limit at the given time") func age() throws {
        var policy = ImageFilterPolicy()
        policy.daily.age = 30 * 86_400
        let now = CalendarDay(year: 2026, month: 11, day: 20)!.secondsFromEpoch
        #expect(try dropdown(policy, now: now).filter { $0.hasPrefix("d_") } == ["d_2026_11_14"])
    }

    @Test("aliases and unknown images are never filtered") func aliasesKept() throws {
        var policy = ImageFilterPolicy()
        policy.weekly.number = 0
        let names = try dropdown(policy)
        #expect(names.contains("recommended") && names.contains("mystery"))
        #expect(!names.contains { $0.hasPrefix("w_") })
    }

    private func RFC3339Day(_ text: String) -> Double {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        return CalendarDay(year: parts[0], month: parts[1], day: parts[2])!.secondsFromEpoch
    }
}

@Suite("Node eligibility")
struct EligibilityTests {
    @Test("each taint effect against tolerations", arguments: ["NoSchedule", "NoExecute", "PreferNoSchedule"])
    func effects(effect: String) {
        let taint = Taint(key: "nublado.lsst.io/permitted", value: "false", effect: effect)
        let untolerated = NodeEligibility(taints: [taint], tolerations: [])
        if effect == "PreferNoSchedule" {
            #expect(untolerated.eligible)
        } else {
            #expect(!untolerated.eligible)
            #expect(untolerated.comment == "Node is tainted (\(effect), nublado.lsst.io/permitted = false)")
        }
        let exists = Toleration(key: "nublado.lsst.io/permitted", operator: .exists)
        #expect(NodeEligibility(taints: [taint], tolerations: [exists]).eligible)
        let otherEffect = Toleration(key: "nublado.lsst.io/permitted", operator: .exists,
                                     effect: effect == "NoSchedule" ? "NoExecute" : "NoSchedule")
        #expect(NodeEligibility(taints: [taint], tolerations: [otherEffect]).eligible == (effect == "PreferNoSchedule"))
    }

    @Test("Equal needs key and value; Exists without a key matches any key") func operators() {
        let taint = Taint(key: "dedicated", value: "lab", effect: "NoSchedule")
        #expect(Toleration(key: "dedicated", value: "lab").tolerates(taint))
        #expect(!Toleration(key: "dedicated", value: "other").tolerates(taint))
        #expect(Toleration(operator: .exists).tolerates(taint))
        #expect(!Toleration(key: "other", operator: .exists).tolerates(taint))
    }

    @Test("a toleration with tolerationSeconds never matches NoExecute") func tolerationSeconds() {
        let toleration = Toleration(key: "k", operator: .exists, tolerationSeconds: 300)
        #expect(!toleration.tolerates(Taint(key: "k", effect: "NoExecute")))
        #expect(toleration.tolerates(Taint(key: "k", effect: "NoSchedule")))
        let comment = NodeEligibility(taints: [Taint(key: "k", effect: "NoExecute")], tolerations: [toleration]).comment
        #expect(comment == "Node is tainted (NoExecute, k)")
    }

    @Test("a node image's digest comes from its first name with one") func nodeImageDigest() {
        #expect(NodeImage(names: ["reg/a/b:tag", "reg/a/b@sha256:1", "reg/a/b@sha256:2"], sizeBytes: 1).digest == "sha256:1")
        #expect(NodeImage(names: ["reg/a/b:tag"], sizeBytes: 1).digest == nil)
    }
}
