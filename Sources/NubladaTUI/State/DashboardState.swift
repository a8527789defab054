import NubladaEngine

/// The two scrollable panels.
public enum Panel: Hashable, Sendable {
    case images
    case matrix
}

/// Node order in the matrix (`s` cycles).
public enum NodeSort: String, CaseIterable, Hashable, Sendable {
    case name
    /// Most missing images first.
    case missing

    var next: NodeSort { self == .name ? .missing : .name }
}

/// What covers the panels.
public enum Overlay: Hashable, Sendable {
    case help
    /// Detail of the image with this tag.
    case imageDetail(tag: String)
    /// Detail of the node with this name.
    case nodeDetail(name: String)
    /// The last refresh error in full (`e`).
    case refreshError
}

/// A line of the image panel: a type heading or an image (index into `DashboardData.images`).
public enum ImageLine: Hashable, Sendable {
    case group(ImageType, count: Int)
    case image(Int)
}

/// A digest looked up for one tag on request.
public enum DigestLookup: Hashable, Sendable {
    case pending
    case found(String)
    case failed(String)
}

/// A short message in the status line that disappears at `expiresAt`.
public struct Notice: Hashable, Sendable {
    public var text: String
    public var isProblem: Bool
    public var expiresAt: Double
}

/// Everything the dashboard shows, as a value: `update` changes it, `render` draws it.
public struct DashboardState: Sendable {
    public let options: DashboardOptions
    /// The clock of the last tick (seconds since the epoch).
    public internal(set) var now: Double
    public internal(set) var cols: Int
    public internal(set) var rows: Int
    public internal(set) var refresh = RefreshStatus()
    public internal(set) var focus: Panel = .images
    public internal(set) var overlay: Overlay?
    /// Scroll position inside the open detail or help overlay.
    public internal(set) var overlayScroll = 0
    public internal(set) var filter = ""
    public internal(set) var isEditingFilter = false
    public internal(set) var nodeSort: NodeSort = .name
    public internal(set) var themeName: String
    /// Where the configuration of the last refresh was read, for the help overlay.
    public internal(set) var configurationSource: String?
    public internal(set) var notice: Notice?
    /// Digests looked up on request (`enter` on a Docker tag outside the prepull set), by tag,
    /// until the next refresh (tags are mutable); a tag mapped to nil is being looked up.
    public internal(set) var resolvedDigests: [String: DigestLookup] = [:]

    /// The last good data and its precomputed texts (kept when a refresh fails).
    var prepared: PreparedData?
    /// Image panel lines after the filter: type headings and images.
    public internal(set) var imageLines: [ImageLine] = []
    /// Positions in `imageLines` of the images (the selectable lines).
    var imageLinePositions: [Int] = []
    /// Selected image, as a position in `imageLinePositions`.
    public internal(set) var imageCursor = 0
    /// First image panel line shown.
    public internal(set) var imageScroll = 0
    /// Matrix rows after the filter, in sort order (indices into `DashboardData.nodes`).
    public internal(set) var visibleNodes: [Int] = []
    /// Selected node, as a position in `visibleNodes`.
    public internal(set) var nodeCursor = 0
    /// First matrix row shown.
    public internal(set) var nodeScroll = 0
    /// First matrix column shown.
    public internal(set) var columnScroll = 0

    public init(options: DashboardOptions, now: Double, cols: Int, rows: Int, themeName: String = "default") {
        self.options = options
        self.now = now
        self.cols = cols
        self.rows = rows
        self.themeName = themeName
    }

    /// The data shown (the last successful refresh), if any.
    public var data: DashboardData? { prepared?.data }

    var glyphs: Glyphs { Glyphs.forMode(ascii: options.ascii) }

    /// The selected image row, if any.
    public var selectedImageIndex: Int? {
        guard imageLinePositions.indices.contains(imageCursor),
              case .image(let index) = imageLines[imageLinePositions[imageCursor]] else { return nil }
        return index
    }

    /// The selected node row, if any.
    public var selectedNodeIndex: Int? {
        visibleNodes.indices.contains(nodeCursor) ? visibleNodes[nodeCursor] : nil
    }

    /// What the header shows about refreshing.
    public var refreshIndicator: RefreshIndicator {
        if refresh.inFlight { return .refreshing }
        if refresh.paused { return .paused }
        guard let success = refresh.lastSuccessAt else { return refresh.lastFailure == nil ? .loading : .noData }
        let age = now - success
        if refresh.lastFailure?.partial == true { return .partial }
        if refresh.lastFailure != nil || age > 2 * options.refreshInterval.seconds + 5 { return .stale(age: age) }
        return .idle
    }

    /// `no answer for 45s from HOST`: the running refresh's wait, once it is long
    /// (`RefreshStatus.longWait`); the hosts are those its runtime said it still waits on.
    var longWaitText: String? {
        guard let wait = refresh.wait(now: now) else { return nil }
        let hosts = refresh.waitingOn.isEmpty ? "" : " from \(refresh.waitingOn.joined(separator: " and "))"
        return "no answer for \(Formatting.duration(wait))\(hosts)"
    }

    /// The sides whose data shown is older than the rest (they failed since): `registry`
    /// or `cluster`, with when that side last answered (nil: never).
    var sidesBehind: [(side: String, answeredAt: Double?)] {
        guard let shown = refresh.lastSuccessAt else { return [] }
        let sides: [(side: String, answeredAt: Double?)] = [("registry", refresh.registryAnsweredAt), ("cluster", refresh.clusterAnsweredAt)]
        return sides.filter { $0.answeredAt.map { $0 < shown } ?? true }
    }

    /// `registry data 10m 03s old`, `no cluster data yet`: each side behind, with its own age.
    var sidesBehindTexts: [String] {
        sidesBehind.map { side, answered in
            answered.map { "\(side) data \(Formatting.duration(now - $0)) old" } ?? "no \(side) data yet"
        }
    }

    /// The layout for the current size and data.
    var layout: DashboardLayout { DashboardLayout(state: self) }
}
