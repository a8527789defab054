import NubladaEngine

/// One setting that differs between two configurations, named by its key path in the
/// controller's configuration (`images.numWeeklies`), with each side's value as text
/// (nil where the setting is unset). Compared as parsed, so a default written out and a
/// default left out are the same setting.
public struct ConfigurationKeyChange: Hashable, Sendable {
    public var key: String
    public var from: String?
    public var to: String?

    public init(key: String, from: String?, to: String?) {
        self.key = key
        self.from = from
        self.to = to
    }

    /// How an unset side reads in text.
    public static let unset = "none"

    /// `images.numWeeklies 2 → 4`: one line of the dashboard's "configuration changed" notice.
    public var announcement: String { "\(key) \(from ?? Self.unset) → \(to ?? Self.unset)" }

    public var json: JSONValue { .object(["key": .string(key), "from": .optional(from), "to": .optional(to)]) }
}

extension ControllerConfiguration {
    /// The settings that differ from `deployed` to `proposed`, in the order of `settings`.
    public static func keyChanges(from deployed: ControllerConfiguration, to proposed: ControllerConfiguration)
        -> [ConfigurationKeyChange] {
        let before = deployed.settings, after = proposed.settings
        // Both sides' keys in the order of `settings`: a key only the proposed side has goes
        // right after the key it follows there.
        var keys = before.map(\.key)
        var previous: String?
        for (key, _) in after {
            if !keys.contains(key) {
                let at = previous.flatMap { keys.firstIndex(of: $0) }.map { $0 + 1 } ?? 0
                keys.insert(key, at: at)
            }
            previous = key
        }
        let beforeValues = Dictionary(before, uniquingKeysWith: { first, _ in first })
        let afterValues = Dictionary(after, uniquingKeysWith: { first, _ in first })
        return keys.compactMap { key in
            let from = beforeValues[key], to = afterValues[key]
            return from == to ? nil : ConfigurationKeyChange(key: key, from: from, to: to)
        }
    }

    /// Every setting that decides what the controller prepulls and offers, by key path, as
    /// text; unset optional settings are left out.
    var settings: [(key: String, value: String)] {
        var list: [(key: String, value: String)] = []
        switch prepuller.source {
        case .google(let source):
            list += [("images.source.type", "google"), ("images.source.location", source.location),
                     ("images.source.projectId", source.projectID), ("images.source.repository", source.repository),
                     ("images.source.image", source.image)]
        case .docker(let source):
            list += [("images.source.type", "docker"), ("images.source.registry", source.registry),
                     ("images.source.repository", source.repository)]
        }
        list += [("images.recommendedTag", prepuller.recommendedTag), ("images.numReleases", "\(prepuller.numReleases)"),
                 ("images.numWeeklies", "\(prepuller.numWeeklies)"), ("images.numDailies", "\(prepuller.numDailies)")]
        if let cycle = prepuller.cycle { list.append(("images.cycle", "\(cycle)")) }
        list += [("images.pin", Self.listText(prepuller.pin)), ("images.aliasTags", Self.listText(prepuller.aliasTags)),
                 ("images.prepullTimeout", Self.durationText(prepullTimeout))]
        if let refreshInterval { list.append(("images.refreshInterval", Self.durationText(refreshInterval.seconds))) }
        for (key, value) in nodeSelector.sorted(by: { $0.key < $1.key }) {
            list.append(("lab.nodeSelector.\(key)", value))
        }
        list.append(("lab.tolerations", Self.listText(tolerations.map(Self.tolerationText))))
        let categories: [(String, ImageCategoryPolicy)] = [
            ("release", dropdown.release), ("weekly", dropdown.weekly), ("daily", dropdown.daily),
            ("releaseCandidate", dropdown.releaseCandidate), ("experimental", dropdown.experimental),
        ]
        for (name, policy) in categories {
            let key = "dropdownMenu.\(name)"
            if let number = policy.number { list.append(("\(key).number", "\(number)")) }
            if let age = policy.age { list.append(("\(key).age", Self.durationText(age))) }
            if let version = policy.cutoffVersion { list.append(("\(key).cutoffVersion", "\(version)")) }
            if let date = policy.cutoffDate { list.append(("\(key).cutoffDate", RFC3339.format(date))) }
            if let build = policy.cutoffBuild { list.append(("\(key).cutoffBuild", "\(build)")) }
        }
        return list
    }

    private static func listText(_ items: [String]) -> String { "[" + items.joined(separator: ", ") + "]" }

    /// Seconds in the largest whole unit the controller's durations take: `4w`, `30d`, `10m`, `45s`.
    static func durationText(_ seconds: Double) -> String {
        guard seconds == seconds.rounded(), seconds.magnitude < 1e15 else { return "\(seconds)s" }
        let whole = Int(seconds)
        for (unit, size) in [("w", 604_800), ("d", 86_400), ("h", 3_600), ("m", 60)] where whole != 0 && whole % size == 0 {
            return "\(whole / size)\(unit)"
        }
        return "\(whole)s"
    }

    /// `key=value:Effect` (Equal), `key:Effect (Exists)`, with `for Ns` when it has tolerationSeconds.
    private static func tolerationText(_ toleration: Toleration) -> String {
        var text = toleration.key ?? ""
        switch toleration.operator {
        case .equal: text += "=" + (toleration.value ?? "")
        case .exists: text += text.isEmpty ? "(any, exists)" : " (exists)"
        }
        if let effect = toleration.effect, !effect.isEmpty { text += ":" + effect }
        if let seconds = toleration.tolerationSeconds { text += " for \(seconds)s" }
        return text
    }
}
