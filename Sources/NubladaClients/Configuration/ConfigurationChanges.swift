import NubladaEngine

/// What differs between two controller configurations, by the configuration's own key paths
/// (`images.numWeeklies 2 → 4`): the settings nubladash reads, compared as read, so a change
/// of layout or of a key it ignores is no change.
public enum ConfigurationChanges {
    public static func between(_ old: ControllerConfiguration, _ new: ControllerConfiguration) -> [String] {
        var changes: [String] = []
        func compare<Value: Equatable>(_ key: String, _ a: Value, _ b: Value, _ show: (Value) -> String) {
            if a != b { changes.append("\(key) \(show(a)) → \(show(b))") }
        }
        func list(_ values: [String]) -> String { "[" + values.joined(separator: ", ") + "]" }
        let (was, now) = (old.prepuller, new.prepuller)
        compare("images.source", was.source, now.source) { "\($0.registry)/\($0.path)" }
        compare("images.recommendedTag", was.recommendedTag, now.recommendedTag) { $0 }
        compare("images.numReleases", was.numReleases, now.numReleases) { String($0) }
        compare("images.numWeeklies", was.numWeeklies, now.numWeeklies) { String($0) }
        compare("images.numDailies", was.numDailies, now.numDailies) { String($0) }
        compare("images.cycle", was.cycle, now.cycle) { $0.map(String.init) ?? "none" }
        compare("images.pin", was.pin, now.pin, list)
        compare("images.aliasTags", was.aliasTags, now.aliasTags, list)
        compare("images.refreshInterval", old.refreshInterval, new.refreshInterval) { $0.map(\.description) ?? "unset" }
        compare("images.prepullTimeout", old.prepullTimeout, new.prepullTimeout) { $0 == $0.rounded() && abs($0) < 1e15 ? "\(Int($0)) s" : "\($0) s" }
        compare("lab.nodeSelector", old.labelSelector, new.labelSelector) { $0.isEmpty ? "none" : $0 }
        if old.tolerations != new.tolerations { changes.append("lab.tolerations changed") }
        if old.dropdown != new.dropdown { changes.append("dropdownMenu changed") }
        return changes
    }
}
