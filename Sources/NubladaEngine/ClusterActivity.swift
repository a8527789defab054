/// What the cluster is doing right now: the pulls in flight per node and prepull
/// image, and which lab pods run each image. Computed by `ClusterActivity.init(picture:…)` from
/// one refresh's picture and the listed pods, so it is a value the dashboard and `snapshot`
/// read without further I/O.
public struct ClusterActivity: Hashable, Sendable {
    /// A prepull-matrix cell: one node and one prepull column's digest.
    public struct Cell: Hashable, Sendable {
        public var node: String
        public var digest: String

        public init(node: String, digest: String) {
            self.node = node
            self.digest = digest
        }
    }

    /// One prepull pod and what it means.
    public struct PrepullPod: Hashable, Sendable {
        public var pod: LabPod
        /// The tag of its image reference, if it has one.
        public var tag: String?
        /// Its image's digest: the reference's, else the listed image with its tag; nil when neither.
        public var digest: String?
        /// Its pull state; nil when it is not pulling or the node already caches the image.
        public var state: PullState?
    }

    /// The lab pods that run one image.
    public struct ImageUse: Hashable, Sendable {
        public var pods: [LabPod]
        /// The users' namespaces, sorted and without repeats.
        public var namespaces: [String]
        /// The nodes they run on, sorted and without repeats.
        public var nodes: [String]
    }

    /// How many prepull pods are in each state (pods on nodes no longer listed included).
    public struct Totals: Hashable, Sendable {
        public var pulling = 0
        public var failing = 0
        public var stuck = 0

        public init(pulling: Int = 0, failing: Int = 0, stuck: Int = 0) {
            self.pulling = pulling
            self.failing = failing
            self.stuck = stuck
        }

        public subscript(state: PullState) -> Int {
            get {
                switch state {
                case .pulling: pulling
                case .failing: failing
                case .stuck: stuck
                }
            }
            set {
                switch state {
                case .pulling: pulling = newValue
                case .failing: failing = newValue
                case .stuck: stuck = newValue
                }
            }
        }
    }

    /// Prepull pods sorted by node, tag and name.
    public var prepullPods: [PrepullPod]
    /// The most urgent pull state of each matrix cell that has one (listed nodes, prepull columns).
    public var cells: [Cell: PullState]
    /// Active lab pods by image digest.
    public var inUse: [String: ImageUse]
    public var totals: Totals

    /// The pull state of a node's cell for a column digest, nil when none.
    public func state(node: String, digest: String) -> PullState? { cells[Cell(node: node, digest: digest)] }

    /// Activity at `now` (seconds since the epoch) from `picture`'s prepull columns, nodes and
    /// images and the controller's pods, with the controller's `prepullTimeout` and namespace.
    ///
    /// A prepull pod's image (`registry/repository:tag@sha256:…`) is matched by digest, else by
    /// tag among the repository's listed images; a lab pod's likewise. Cached always wins: a pod
    /// for a cell the node already caches has no state. A pod for a node no longer listed, or for
    /// an image outside the prepull columns, counts in the totals but has no cell. Prepull pods
    /// outside the controller's namespace are not the controller's and are left out; lab pods
    /// count in every namespace (each user has one).
    public init(picture: ClusterPicture, pods: [LabPod], now: Double, settings: ActivitySettings = ActivitySettings()) {
        self.init(data: picture.dashboard, pods: pods, now: now, settings: settings)
    }

    /// The same from the picture's dashboard data (all of the picture it reads).
    public init(data: DashboardData, pods: [LabPod], now: Double, settings: ActivitySettings = ActivitySettings()) {
        let resolver = ImageResolver(data)
        var columnIndex: [String: Int] = [:]
        for (index, column) in data.columns.enumerated() where columnIndex[column.digest] == nil {
            columnIndex[column.digest] = index
        }
        let rowIndex = Dictionary(data.nodes.indices.map { (data.nodes[$0].name, $0) }, uniquingKeysWith: { first, _ in first })

        var prepull: [PrepullPod] = []
        var cells: [Cell: PullState] = [:]
        var totals = Totals()
        var labPods: [String: [LabPod]] = [:]
        for pod in pods {
            let reference = DockerReference(parsing: pod.image)
            let digest = resolver.digest(of: reference)
            switch pod.category {
            case .lab:
                if pod.isActive, let digest { labPods[digest, default: []].append(pod) }
            case .prepuller:
                guard pod.namespace == settings.controllerNamespace.name else { continue }
                var state = PullState.of(pod, now: now, prepullTimeout: settings.prepullTimeout)
                if let node = pod.nodeName, let digest, let column = columnIndex[digest], let row = rowIndex[node] {
                    let rowCells = data.nodes[row].cells
                    if rowCells.indices.contains(column), rowCells[column] == .cached {
                        state = nil
                    } else if let found = state {
                        let cell = Cell(node: node, digest: digest)
                        cells[cell] = max(cells[cell] ?? found, found)
                    }
                }
                if let state { totals[state] += 1 }
                prepull.append(PrepullPod(pod: pod, tag: reference?.tag, digest: digest, state: state))
            }
        }
        prepullPods = prepull.sorted {
            ($0.pod.nodeName ?? "", $0.tag ?? "", $0.pod.name) < ($1.pod.nodeName ?? "", $1.tag ?? "", $1.pod.name)
        }
        self.cells = cells
        self.totals = totals
        inUse = labPods.mapValues { pods in
            ImageUse(
                pods: pods.sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) },
                namespaces: Set(pods.map(\.namespace)).sorted(), nodes: Set(pods.compactMap(\.nodeName)).sorted())
        }
    }
}

/// Finds the digest of a pod's image: the reference's own, else that of the listed image of the
/// repository with the reference's tag.
private struct ImageResolver {
    let repositoryPath: String
    let digestByTag: [String: String]

    init(_ data: DashboardData) {
        repositoryPath = data.registryPath
        var byTag: [String: String] = [:]
        for row in data.images { if let digest = row.digest { byTag[row.tag] = digest } }
        for column in data.columns { byTag[column.tag] = column.digest }
        digestByTag = byTag
    }

    func digest(of reference: DockerReference?) -> String? {
        guard let reference else { return nil }
        if let digest = reference.digest { return digest }
        guard let tag = reference.tag, "\(reference.registry)/\(reference.repository)" == repositoryPath else { return nil }
        return digestByTag[tag]
    }
}
