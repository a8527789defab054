import Foundation

/// Merges Helm values the way Helm does when it layers `values-ENV.yaml` over `values.yaml`:
/// mappings merge key by key (recursively), anything else in the upper layer replaces the
/// lower one, and a `null` in the upper layer removes the key.
enum HelmValuesMerge {
    static func merge(_ lower: Any?, _ upper: Any?) -> Any? {
        guard let upper else { return lower }
        guard var merged = lower as? [String: Any], let overrides = upper as? [String: Any] else { return upper }
        for (key, value) in overrides {
            merged[key] = value is NSNull ? nil : merge(merged[key], value)
        }
        return merged
    }
}
