/// What changing the configuration would change in what the controller does, from two
/// evaluations of the same registry and nodes (the deployed configuration's and the
/// proposed one's): the images entering and leaving the prepull set, the spawner menu's
/// entries entering and leaving, and the node pulls the change starts.
public struct PictureChange: Hashable, Sendable {
    /// An image of the prepull set. `pulls`: for an image entering the set, the eligible nodes
    /// (under the proposed configuration) that do not cache it; 0 for one leaving.
    public struct PrepullImage: Hashable, Sendable {
        public var reference: String
        public var tag: String
        public var name: String
        public var pulls: Int

        public var json: JSONValue {
            .object(["reference": .string(reference), "tag": .string(tag), "name": .string(name), "pulls": .int(pulls)])
        }
    }

    /// A spawner menu entry, in the list it is shown in: `menu` (prepulled images, the
    /// recommended first) or `dropdown` (the others the dropdown policy keeps).
    public struct MenuEntry: Hashable, Sendable {
        public var list: String
        public var reference: String
        public var name: String

        public var json: JSONValue {
            .object(["list": .string(list), "reference": .string(reference), "name": .string(name)])
        }
    }

    public var prepullAdded: [PrepullImage]
    public var prepullRemoved: [PrepullImage]
    public var menuAdded: [MenuEntry]
    public var menuRemoved: [MenuEntry]

    /// The node pulls the change starts: each entering image once per eligible node missing it.
    public var pulls: Int { prepullAdded.reduce(0) { $0 + $1.pulls } }

    /// The prepull set and the menu stay as they are.
    public var isEmpty: Bool {
        prepullAdded.isEmpty && prepullRemoved.isEmpty && menuAdded.isEmpty && menuRemoved.isEmpty
    }

    /// The differences from `deployed` to `proposed`. Images are the same image when their
    /// references (registry, repository and tag) are; menu entries when their list and
    /// reference (with digest) are. Each side keeps its own picture's order.
    public init(from deployed: ClusterPicture, to proposed: ClusterPicture) {
        let before = Self.prepullSet(deployed), after = Self.prepullSet(proposed)
        let beforeReferences = Set(before.map(\.reference)), afterReferences = Set(after.map(\.reference))
        prepullAdded = after.filter { !beforeReferences.contains($0.reference) }
        prepullRemoved = before.filter { !afterReferences.contains($0.reference) }.map { image in
            var image = image
            image.pulls = 0
            return image
        }
        let menuBefore = Self.menuEntries(deployed), menuAfter = Self.menuEntries(proposed)
        let menuBeforeSet = Set(menuBefore), menuAfterSet = Set(menuAfter)
        menuAdded = menuAfter.filter { !menuBeforeSet.contains($0) }
        menuRemoved = menuBefore.filter { !menuAfterSet.contains($0) }
    }

    /// The images a picture prepulls (those already everywhere, then those still pending),
    /// each with the eligible nodes missing it.
    static func prepullSet(_ picture: ClusterPicture) -> [PrepullImage] {
        (picture.prepulls.prepulled + picture.prepulls.pending).map {
            PrepullImage(reference: $0.reference, tag: $0.tag, name: $0.name, pulls: $0.missing.count)
        }
    }

    static func menuEntries(_ picture: ClusterPicture) -> [MenuEntry] {
        picture.menu.menu.map { MenuEntry(list: "menu", reference: $0.reference, name: $0.name) }
            + picture.menu.dropdown.map { MenuEntry(list: "dropdown", reference: $0.reference, name: $0.name) }
    }
}
