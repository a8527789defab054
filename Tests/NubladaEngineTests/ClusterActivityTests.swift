import Testing
@testable import NubladaEngine

@Suite("Cluster activity: pull states and images in use")
struct ClusterActivityTests {
    static let repository = "us-central1-docker.pkg.dev/proj/sciplat/sciplat-lab"
    static let now = 1_000_000.0

    /// Columns w_2077_43 (sha256:w43) and w_2077_42 (sha256:w42); node1 caches w43, node2 nothing.
    static let picture = Build.twoWeeklies(nodes: [Build.node("node1", caching: ["sha256:w43"]), Build.node("node2")], now: now)

    static func prepull(_ node: String?, _ image: String = "\(repository):w_2077_42@sha256:w42", phase: String = "Pending",
                        reason: String? = nil, message: String? = nil, age: Double = 30, name: String? = nil) -> LabPod {
        LabPod(namespace: "nublado", name: name ?? "prepull-\(node ?? "none")", category: .prepuller, nodeName: node,
               phase: phase, createdAt: now - age, image: image, waitingReason: reason, waitingMessage: message,
               owner: "Pod/nublado-controller-1")
    }

    static func lab(_ user: String, _ image: String, node: String = "node1", phase: String = "Running") -> LabPod {
        LabPod(namespace: "nublado-\(user)", name: "nb-\(user)", category: .lab, nodeName: node, phase: phase,
               createdAt: now - 3600, image: image)
    }

    static func activity(_ pods: [LabPod], timeout: Double = ActivitySettings.defaultPrepullTimeout,
                         namespace: ControllerNamespace = ActivitySettings.defaultControllerNamespace) -> ClusterActivity {
        ClusterActivity(picture: picture, pods: pods, now: now,
                        settings: ActivitySettings(prepullTimeout: timeout, controllerNamespace: namespace))
    }

    @Test("the columns and nodes this suite relies on")
    func fixture() {
        #expect(Self.picture.dashboard.columns.map(\.digest) == ["sha256:w43", "sha256:w42"])
        #expect(Self.picture.dashboard.nodes.map(\.cells) == [[.cached, .missing], [.missing, .missing]])
    }

    @Test("Pending while creating, initializing or not yet waiting is pulling",
          arguments: [nil, "ContainerCreating", "PodInitializing"] as [String?])
    func pulling(reason: String?) {
        let activity = Self.activity([Self.prepull("node2", reason: reason)])
        #expect(activity.state(node: "node2", digest: "sha256:w42") == .pulling)
        #expect(activity.totals == .init(pulling: 1))
    }

    @Test("waiting in a pull error is failing",
          arguments: ["ErrImagePull", "ImagePullBackOff", "InvalidImageName", "CreateContainerConfigError"])
    func failing(reason: String) {
        let activity = Self.activity([Self.prepull("node2", reason: reason, message: "manifest unknown")])
        #expect(activity.state(node: "node2", digest: "sha256:w42") == .failing)
        #expect(activity.totals == .init(failing: 1))
    }

    @Test("older than prepullTimeout is stuck, whatever its phase; not one second before")
    func stuckByAge() {
        let old = Self.activity([Self.prepull("node2", reason: "ImagePullBackOff", age: 601)])
        #expect(old.state(node: "node2", digest: "sha256:w42") == .stuck)
        #expect(old.totals == .init(stuck: 1))
        let atTimeout = Self.activity([Self.prepull("node2", reason: "ImagePullBackOff", age: 600)])
        #expect(atTimeout.state(node: "node2", digest: "sha256:w42") == .failing)
        let shorter = Self.activity([Self.prepull("node2", phase: "Succeeded", age: 120)], timeout: 60)
        #expect(shorter.state(node: "node2", digest: "sha256:w42") == .stuck)
    }

    @Test("a pod that ran or ended within the timeout is no pull")
    func ended() {
        for phase in ["Running", "Succeeded", "Failed"] {
            let activity = Self.activity([Self.prepull("node2", phase: phase)])
            #expect(activity.cells.isEmpty)
            #expect(activity.totals == .init())
            #expect(activity.prepullPods.map(\.state) == [nil])
        }
    }

    @Test("cached wins: a pod for an image the node reports has no state and is not counted")
    func cachedWins() {
        let image = "\(Self.repository):w_2077_43@sha256:w43"
        let activity = Self.activity([
            Self.prepull("node1", image, reason: "ErrImagePull"), Self.prepull("node1", image, age: 5000, name: "old"),
        ])
        #expect(activity.state(node: "node1", digest: "sha256:w43") == nil)
        #expect(activity.totals == .init())
        // The same pull on a node without the image does show.
        #expect(Self.activity([Self.prepull("node2", image, reason: "ErrImagePull")])
            .state(node: "node2", digest: "sha256:w43") == .failing)
    }

    @Test("an image by tag only is matched through the listing, and only in the configured repository")
    func byTag() {
        let activity = Self.activity([Self.prepull("node2", "\(Self.repository):w_2077_42")])
        #expect(activity.state(node: "node2", digest: "sha256:w42") == .pulling)
        #expect(activity.prepullPods.first?.digest == "sha256:w42")
        // An alias tag resolves to its target's digest.
        #expect(Self.activity([Self.prepull("node2", "\(Self.repository):recommended")])
            .state(node: "node2", digest: "sha256:w43") == .pulling)
        let elsewhere = Self.activity([Self.prepull("node2", "docker.io/library/other:w_2077_42")])
        #expect(elsewhere.cells.isEmpty)
        #expect(elsewhere.prepullPods.first?.digest == nil)
        #expect(elsewhere.totals == .init(pulling: 1))
    }

    @Test("a digest takes precedence over the tag beside it")
    func digestFirst() {
        let activity = Self.activity([Self.prepull("node2", "\(Self.repository):w_2077_43@sha256:w42")])
        #expect(activity.state(node: "node2", digest: "sha256:w42") == .pulling)
        #expect(activity.state(node: "node2", digest: "sha256:w43") == nil)
    }

    @Test("a pod for a node no longer listed, or an image outside the columns, counts but has no cell")
    func noCell() {
        let activity = Self.activity([
            Self.prepull("gone", reason: "ErrImagePull"), Self.prepull(nil),
            Self.prepull("node2", "\(Self.repository):w_2077_41@sha256:w41", age: 900),
        ])
        #expect(activity.cells.isEmpty)
        #expect(activity.totals == .init(pulling: 1, failing: 1, stuck: 1))
    }

    @Test("prepull pods count only in the controller's namespace; labs in every namespace")
    func controllerNamespace() throws {
        var foreign = Self.prepull("node2", reason: "ErrImagePull", name: "other-prepuller")
        foreign.namespace = "someone-else"
        let pods = [Self.prepull("node2", name: "ours"), foreign, Self.lab("ann", "\(Self.repository):w_2077_41")]
        let activity = Self.activity(pods)
        #expect(activity.prepullPods.map(\.pod.name) == ["ours"])
        #expect(activity.state(node: "node2", digest: "sha256:w42") == .pulling)
        #expect(activity.totals == .init(pulling: 1))
        #expect(activity.inUse["sha256:w41"]?.pods.count == 1)
        // Installed elsewhere: the pods in `nublado` are then not the controller's.
        let moved = Self.activity(pods, namespace: try ControllerNamespace("someone-else"))
        #expect(moved.prepullPods.map(\.pod.name) == ["other-prepuller"])
        #expect(moved.totals == .init(failing: 1))
        #expect(moved.inUse["sha256:w41"]?.pods.count == 1)
    }

    @Test("several pods on one cell show the most urgent state")
    func mostUrgent() {
        let activity = Self.activity([
            Self.prepull("node2", name: "a"), Self.prepull("node2", reason: "ErrImagePull", name: "b"),
            Self.prepull("node2", age: 700, name: "c"), Self.prepull("node2", name: "d"),
        ])
        #expect(activity.state(node: "node2", digest: "sha256:w42") == .stuck)
        #expect(activity.totals == .init(pulling: 2, failing: 1, stuck: 1))
        #expect(activity.prepullPods.map(\.pod.name) == ["a", "b", "c", "d"])
    }

    @Test("labs in use are counted by digest, else by tag; ended labs and foreign images are not")
    func inUse() {
        let activity = Self.activity([
            Self.lab("ann", "\(Self.repository):w_2077_41@sha256:w41", node: "node2"),
            Self.lab("bob", "\(Self.repository):w_2077_41", node: "tainted-node"),
            Self.lab("bob", "\(Self.repository)@sha256:w41", node: "node2"),
            Self.lab("cat", "\(Self.repository):recommended"),
            Self.lab("dan", "\(Self.repository):w_2077_41", phase: "Succeeded"),
            Self.lab("eve", "docker.io/library/python:3.12"),
            Self.lab("fay", "\(Self.repository)@sha256:deleted"),
        ])
        #expect(Set(activity.inUse.keys) == ["sha256:w41", "sha256:w43", "sha256:deleted"])
        let old = activity.inUse["sha256:w41"]
        #expect(old?.pods.count == 3)
        #expect(old?.namespaces == ["nublado-ann", "nublado-bob"])
        #expect(old?.nodes == ["node2", "tainted-node"])
        #expect(activity.inUse["sha256:w43"]?.namespaces == ["nublado-cat"])
        #expect(activity.totals == .init())
    }

    @Test("the activity document: prepull pods, labs by digest, totals")
    func document() {
        let activity = Self.activity([
            Self.prepull("node2", reason: "ErrImagePull", message: "rpc error: not found"),
            Self.lab("ann", "\(Self.repository):w_2077_41"),
        ])
        let started = RFC3339.format(Self.now - 30)
        #expect(started == "1970-01-12T13:46:10Z")
        #expect(activity.json == .object([
            "prepull_pods": .array([.object([
                "node": .string("node2"), "tag": .string("w_2077_42"), "digest": .string("sha256:w42"),
                "phase": .string("Pending"), "reason": .string("ErrImagePull"),
                "message": .string("rpc error: not found"), "started": .string(started),
            ])]),
            "in_use": .object(["sha256:w41": .object(["count": .int(1), "namespaces": .strings(["nublado-ann"])])]),
            "totals": .object(["pulling": .int(0), "failing": .int(1), "stuck": .int(0)]),
        ]))
    }

    @Test("timestamps format back to what RFC 3339 parsing reads")
    func timestampRoundTrip() {
        for text in ["2026-10-29T11:06:00Z", "1970-01-01T00:00:00Z", "2000-02-29T23:59:59Z", "1969-12-31T23:59:59Z"] {
            #expect(RFC3339.parse(text).map(RFC3339.format) == text)
        }
    }
}
