@testable import NubladaEngine

/// Builds listings and nodes tersely: `entry("sha256:a", "w_2077_43", "recommended")`.
enum Build {
    static let source = GARSourceOptions(location: "us-central1", projectID: "proj", repository: "sciplat", image: "sciplat-lab")

    static func entry(_ digest: String, _ tags: String..., size: Int = 1000, image: String = "sciplat-lab") -> RegistryEntry {
        RegistryEntry(uri: "us-central1-docker.pkg.dev/proj/sciplat/\(image)@\(digest)", tags: tags, sizeBytes: size)
    }

    static func node(_ name: String, caching digests: [String] = [], taints: [Taint] = []) -> ClusterNode {
        ClusterNode(name: name, taints: taints, images: digests.map {
            NodeImage(names: ["us-central1-docker.pkg.dev/proj/sciplat/sciplat-lab@\($0)"], sizeBytes: 1000)
        })
    }

    /// A prepull set of the two newest weeklies (w_2077_43, recommended, and w_2077_42; w_2077_41
    /// is listed too) over `nodes`.
    static func twoWeeklies(nodes: [ClusterNode], now: Double) -> ClusterPicture {
        var options = PrepullerOptions(source: source)
        options.numReleases = 0; options.numWeeklies = 2; options.numDailies = 0
        let listing = [
            entry("sha256:w43", "w_2077_43", "recommended"), entry("sha256:w42", "w_2077_42"), entry("sha256:w41", "w_2077_41"),
        ]
        return ImageEngine.evaluate(LabImageSettings(prepuller: options), listing: .artifactRegistry(listing), nodes: nodes, now: now)
    }

    static func images(_ entries: [RegistryEntry], cycle: Int? = nil) -> RSPImageCollection {
        RSPImageCollection(source.images(from: entries, aliasTags: []), cycle: cycle)
    }

    /// One evaluation's image service for a listing and nodes.
    static func service(_ entries: [RegistryEntry], nodes: [ClusterNode] = [], configure: (inout PrepullerOptions) -> Void = { _ in },
                        tolerations: [Toleration] = [], policy: ImageFilterPolicy = ImageFilterPolicy()) -> ImageService {
        var options = PrepullerOptions(source: source)
        configure(&options)
        let settings = LabImageSettings(prepuller: options, tolerations: tolerations, dropdown: policy)
        return ImageService(settings: settings, listing: .artifactRegistry(entries), nodeList: nodes)
    }
}
