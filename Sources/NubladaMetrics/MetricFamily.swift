/// One metric family of the exposition: its name, type and help, declared once here in the
/// order they are served. Every family has an `environment` label.
struct MetricFamily: Sendable {
    enum Kind: String, Sendable {
        case gauge, counter, histogram
    }

    let name: String
    let kind: Kind
    let help: String

    /// `# HELP` and `# TYPE`, as the format wants them. OpenMetrics names a counter's family
    /// without the `_total` its samples carry; the text format names it with.
    func header(openMetrics: Bool) -> String {
        let family = openMetrics && kind == .counter && name.hasSuffix("_total") ? String(name.dropLast(6)) : name
        return "# HELP \(family) \(MetricText.escapedHelp(help))\n# TYPE \(family) \(kind.rawValue)\n"
    }

    static let buildInfo = MetricFamily(
        name: "nubladash_build_info", kind: .gauge, help: "The version and commit of nubladash serving these metrics: always 1.")
    static let up = MetricFamily(
        name: "nubladash_up", kind: .gauge,
        help: "Whether the last refresh read the source (registry, nodes, pods, config): 1 it answered, 0 it failed or was never read.")
    static let lastSuccess = MetricFamily(
        name: "nubladash_last_success_timestamp_seconds", kind: .gauge,
        help: "When the source last answered a refresh, in seconds since the epoch; 0 never.")
    static let refreshDuration = MetricFamily(
        name: "nubladash_refresh_duration_seconds", kind: .histogram, help: "How long each refresh took, failed ones included.")
    static let refreshErrors = MetricFamily(
        name: "nubladash_refresh_errors_total", kind: .counter,
        help: "Refreshes in which the source failed, by the kind of failure.")
    static let prepullImages = MetricFamily(
        name: "nubladash_prepull_images", kind: .gauge, help: "How many images the prepull set holds.")
    static let prepullImageNodes = MetricFamily(
        name: "nubladash_prepull_image_nodes", kind: .gauge,
        help: "Eligible nodes per prepull image, by state: cached, missing, pulling, failing, stuck, unknown (the node lists the kubelet's maximum of images).")
    static let nodePrepullMissing = MetricFamily(
        name: "nubladash_node_prepull_missing", kind: .gauge,
        help: "Prepull images an eligible node does not cache (unknown ones included).")
    static let pulls = MetricFamily(
        name: "nubladash_pulls", kind: .gauge, help: "The controller's prepull pods by pull state: pulling, failing, stuck.")
    static let oldestPullAge = MetricFamily(
        name: "nubladash_oldest_pull_age_seconds", kind: .gauge,
        help: "Age of the oldest prepull pod in the state at the refresh; 0 when none.")
    static let imageInfo = MetricFamily(
        name: "nubladash_image_info", kind: .gauge, help: "An image of the prepull set: always 1.")
    static let aliasInfo = MetricFamily(
        name: "nubladash_alias_info", kind: .gauge,
        help: "Where an alias tag points (target and digest empty when not known): always 1.")
    static let labs = MetricFamily(
        name: "nubladash_labs", kind: .gauge, help: "Active lab pods running a prepull image.")
    static let labsOutsidePrepull = MetricFamily(
        name: "nubladash_labs_outside_prepull", kind: .gauge,
        help: "Active lab pods running an image outside the prepull set.")

    /// Every family, in the order of the exposition.
    static let all: [MetricFamily] = [
        buildInfo, up, lastSuccess, refreshDuration, refreshErrors, prepullImages, prepullImageNodes, nodePrepullMissing,
        pulls, oldestPullAge, imageInfo, aliasInfo, labs, labsOutsidePrepull,
    ]

    /// Index of each family in `all`, where an environment's samples of it are kept.
    static func index(_ family: MetricFamily) -> Int { all.firstIndex { $0.name == family.name }! }
}

/// How values and labels are written in both formats.
enum MetricText {
    /// A label value: backslash, double quote and line feed escaped, as both formats say.
    static func escapedLabel(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") })
        else { return value }
        var escaped = ""
        for character in value.unicodeScalars {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    /// A help text: backslash and line feed escaped.
    static func escapedHelp(_ text: String) -> String {
        text.replacingBackslashAndNewline()
    }

    /// `name{labels} value\n`, `labels` already written as `a="x",b="y"`.
    static func sample(_ name: String, _ labels: String, _ value: Int) -> String {
        "\(name){\(labels)} \(value)\n"
    }

    static func sample(_ name: String, _ labels: String, _ value: Double) -> String {
        "\(name){\(labels)} \(number(value))\n"
    }

    /// A float as both formats read it: integral values without a fraction.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}

extension String {
    fileprivate func replacingBackslashAndNewline() -> String {
        var escaped = ""
        for character in unicodeScalars {
            switch character {
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }
}
