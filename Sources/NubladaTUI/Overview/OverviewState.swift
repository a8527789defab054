import NubladaEngine

/// One environment of the overview. It keeps a whole dashboard state of its own (data,
/// refresh schedule and backoff, stale and error), so `enter` shows it exactly as a
/// dashboard opened on it alone would, and the overview's row reads the same facts.
public struct EnvironmentScreen: Sendable {
    public var name: String
    /// `GAR us-central1-docker.pkg.dev` or `Docker ghcr.io`.
    public var source: String
    public internal(set) var dashboard: DashboardState

    public init(name: String, source: String, dashboard: DashboardState) {
        self.name = name
        self.source = source
        self.dashboard = dashboard
    }
}

/// What the overview shows.
public enum OverviewMode: Hashable, Sendable {
    /// One row per environment.
    case table
    /// Images across environments (`c`).
    case compare
    /// One environment's own dashboard (`enter`, a number, `:name`); `esc` comes back.
    case environment(Int)
}

/// Row order of the overview table (`s` switches).
public enum OverviewSort: Hashable, Sendable {
    /// Errors first, then stale, then most image × node pairs still to pull.
    case trouble
    case name
}

/// Every environment on one screen, as a value: `updateOverview` changes it, `renderOverview`
/// draws it.
public struct OverviewState: Sendable {
    public internal(set) var environments: [EnvironmentScreen]
    public internal(set) var mode: OverviewMode = .table
    public internal(set) var sort: OverviewSort = .trouble
    /// Selected row, as a position in `order`.
    public internal(set) var cursor = 0
    /// First table (or compare) line shown.
    public internal(set) var scroll = 0
    /// The `:name` being typed, while the prompt is open.
    public internal(set) var jumpText: String?
    public internal(set) var notice: Notice?
    public internal(set) var now: Double
    public internal(set) var cols: Int
    public internal(set) var rows: Int
    public let ascii: Bool

    public init(environments: [EnvironmentScreen], now: Double, cols: Int, rows: Int, ascii: Bool) {
        self.environments = environments
        self.now = now
        self.cols = cols
        self.rows = rows
        self.ascii = ascii
    }

    var glyphs: Glyphs { Glyphs.forMode(ascii: ascii) }

    /// Environment indices in table order.
    public var order: [Int] {
        let rows = environments.indices.map { (index: $0, row: OverviewRow(environments[$0], now: now)) }
        switch sort {
        case .name:
            return rows.sorted { ($0.row.name, $0.index) < ($1.row.name, $1.index) }.map(\.index)
        case .trouble:
            return rows.sorted { ($0.row.troubleRank, -$0.row.missing, $0.row.name) < ($1.row.troubleRank, -$1.row.missing, $1.row.name) }
                .map(\.index)
        }
    }

    /// The environment under the cursor.
    public var selectedEnvironment: Int? {
        let order = self.order
        return order.indices.contains(cursor) ? order[cursor] : nil
    }

    /// Lines of the table or the compare view that fit between the title and the status line.
    var bodyRows: Int { max(0, rows - 4) }

    /// The dashboard's minimum size holds for the overview too (one home: its layout).
    var isTooSmall: Bool { cols < DashboardLayout.minimumCols || rows < DashboardLayout.minimumRows }
}
