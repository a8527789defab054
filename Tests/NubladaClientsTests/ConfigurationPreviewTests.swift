import Foundation
import Testing
@testable import NubladaClients
@testable import NubladaEngine

/// The pure half of `nubladash diff`: which settings differ, which images enter and leave the
/// prepull set and the menu, and how many node pulls that starts, on a small hand-made
/// registry and cluster whose answers are counted here by hand.
@Suite("Configuration preview")
struct ConfigurationPreviewTests {
    static let source = "source: {type: google, location: us-central1, projectId: proj, repository: sciplat, image: sciplat-lab}"
    static let repository = "us-central1-docker.pkg.dev/proj/sciplat/sciplat-lab"

    static func digest(_ letter: Character) -> String { "sha256:" + String(repeating: letter, count: 64) }

    /// Four weeklies (newest first) and a daily; a day apart.
    static let listing: RegistryListing = .artifactRegistry([
        ("w_2026_40", "a"), ("w_2026_39", "b"), ("w_2026_38", "c"), ("w_2026_37", "d"), ("d_2026_09_01", "e"),
    ].enumerated().map { index, item in
        RegistryEntry(uri: "\(repository)@\(digest(Character(item.1)))", tags: [item.0], sizeBytes: 1_000,
                      uploadTime: 1_790_000_000 - Double(index) * 86_400)
    })

    static func node(_ name: String, pool: String, caches: String, taints: [Taint] = []) -> ClusterNode {
        ClusterNode(name: name, labels: ["pool": pool], taints: taints,
                    images: caches.map { NodeImage(names: ["\(repository)@\(digest($0))"], sizeBytes: 1_000) })
    }

    /// n3 is tainted for dask; n4 is in another pool.
    static let nodes = [
        node("n1", pool: "lab", caches: "abce"),
        node("n2", pool: "lab", caches: "ae"),
        node("n3", pool: "lab", caches: "ab", taints: [Taint(key: "dask", value: "yes", effect: "NoSchedule")]),
        node("n4", pool: "other", caches: "ab"),
    ]

    static func configuration(_ images: String, lab: String = "") throws -> ControllerConfiguration {
        try ControllerConfiguration.parse(yaml: "images:\n  \(source)\n  numReleases: 0\n\(images)\n\(lab)", file: "c.yaml")
    }

    static func compare(_ deployed: ControllerConfiguration, _ proposed: ControllerConfiguration) -> ConfigurationPreview {
        ConfigurationPreview.compare(deployed: deployed, proposed: proposed, deployedListing: listing,
                                     proposedListing: listing, nodes: nodes, now: 1_790_100_000)
    }

    @Test("more weeklies, a node selector and a toleration: the keys, the entering images and their pulls")
    func entering() throws {
        let deployed = try Self.configuration("  numWeeklies: 2\n  numDailies: 1")
        let proposed = try Self.configuration("  numWeeklies: 4\n  numDailies: 1", lab: """
            lab:
              nodeSelector: {pool: lab}
              tolerations: [{key: dask, operator: Equal, value: "yes", effect: NoSchedule}]
            """)
        let preview = Self.compare(deployed, proposed)
        #expect(preview.keys == [
            ConfigurationKeyChange(key: "images.numWeeklies", from: "2", to: "4"),
            ConfigurationKeyChange(key: "lab.nodeSelector.pool", from: nil, to: "lab"),
            ConfigurationKeyChange(key: "lab.tolerations", from: "[]", to: "[dask=yes:NoSchedule]"),
        ])
        #expect(preview.change.prepullAdded.map(\.tag) == ["w_2026_38", "w_2026_37"])
        #expect(preview.change.prepullRemoved.isEmpty)
        // Eligible under the proposed configuration: n1, n2, n3 (tolerated; n4 is not selected).
        // w_2026_38 (c) is cached on n1 only: 2 pulls; w_2026_37 (d) nowhere: 3.
        #expect(preview.change.prepullAdded.map(\.pulls) == [2, 3])
        #expect(preview.change.pulls == 5)
        #expect(!preview.change.isEmpty)
    }

    @Test("fewer dailies: the daily leaves the prepull set and the menu; no pulls")
    func leaving() throws {
        let deployed = try Self.configuration("  numWeeklies: 1\n  numDailies: 1")
        let proposed = try Self.configuration("  numWeeklies: 1\n  numDailies: 0")
        let preview = Self.compare(deployed, proposed)
        #expect(preview.keys == [ConfigurationKeyChange(key: "images.numDailies", from: "1", to: "0")])
        #expect(preview.change.prepullRemoved.map(\.tag) == ["d_2026_09_01"])
        #expect(preview.change.prepullAdded.isEmpty)
        #expect(preview.change.pulls == 0)
        // The daily was no prepulled menu entry (n3 and n4 lack it); the dropdown keeps it.
        #expect(!preview.change.menuRemoved.contains { $0.list == "menu" })
    }

    @Test("the same settings, one with its defaults written out: no key, no change")
    func unchanged() throws {
        let deployed = try Self.configuration("  numWeeklies: 2")
        let proposed = try Self.configuration("  numWeeklies: 2\n  numDailies: 3\n  recommendedTag: recommended\n  prepullTimeout: 10m")
        let preview = Self.compare(deployed, proposed)
        #expect(preview.keys.isEmpty)
        #expect(preview.change.isEmpty)
        #expect(preview.change.pulls == 0)
    }

    @Test("a setting that changes neither set (the refresh interval) is a key, not a change")
    func keyOnly() throws {
        let deployed = try Self.configuration("  refreshInterval: 5m")
        let proposed = try Self.configuration("  refreshInterval: 1h")
        let preview = Self.compare(deployed, proposed)
        #expect(preview.keys == [ConfigurationKeyChange(key: "images.refreshInterval", from: "5m", to: "1h")])
        #expect(preview.change.isEmpty)
    }

    @Test("another image source: every image is another image; the keys name the source fields")
    func sourceChange() throws {
        let deployed = try Self.configuration("  numWeeklies: 1\n  numDailies: 0")
        let proposed = try ControllerConfiguration.parse(yaml: """
            images:
              source: {type: google, location: us-central1, projectId: proj, repository: sciplat, image: sciplat-lab-next}
              numReleases: 0
              numWeeklies: 1
              numDailies: 0
            """, file: "next.yaml")
        let next: RegistryListing = .artifactRegistry([
            RegistryEntry(uri: "us-central1-docker.pkg.dev/proj/sciplat/sciplat-lab-next@\(Self.digest("a"))", tags: ["w_2026_40"],
                          sizeBytes: 1_000, uploadTime: 1_790_000_000),
        ])
        let preview = ConfigurationPreview.compare(deployed: deployed, proposed: proposed, deployedListing: Self.listing,
                                                   proposedListing: next, nodes: Self.nodes, now: 1_790_100_000)
        #expect(preview.sourceChanged)
        #expect(preview.keys == [ConfigurationKeyChange(key: "images.source.image", from: "sciplat-lab", to: "sciplat-lab-next")])
        // The same tag in another repository is another image: one leaves, the other enters.
        #expect(preview.change.prepullAdded.map(\.reference) == ["us-central1-docker.pkg.dev/proj/sciplat/sciplat-lab-next:w_2026_40"])
        #expect(preview.change.prepullRemoved.map(\.reference) == ["\(Self.repository):w_2026_40"])
    }

    @Test("menu entries compare by list and reference")
    func menuDifference() {
        func picture(menu: [MenuImage], dropdown: [MenuImage]) -> ClusterPicture {
            var picture = ImageEngine.evaluate(LabImageSettings(prepuller: PrepullerOptions(source: .docker(DockerSourceOptions(repository: "a/b")))),
                                               listing: .docker(tags: [], digests: [:]), nodes: [], now: 0)
            picture.menu = MenuImages(menu: menu, dropdown: dropdown)
            return picture
        }
        let x = MenuImage(reference: "r/x@sha256:1", name: "X"), y = MenuImage(reference: "r/y@sha256:2", name: "Y")
        let change = PictureChange(from: picture(menu: [x], dropdown: [y]), to: picture(menu: [x, y], dropdown: []))
        #expect(change.menuAdded == [PictureChange.MenuEntry(list: "menu", reference: y.reference, name: "Y")])
        #expect(change.menuRemoved == [PictureChange.MenuEntry(list: "dropdown", reference: y.reference, name: "Y")])
        #expect(change.prepullAdded.isEmpty && change.pulls == 0)
    }
}
