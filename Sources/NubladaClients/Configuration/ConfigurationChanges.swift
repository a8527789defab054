import NubladaEngine

/// What differs between two controller configurations, as the dashboard announces it when the
/// ConfigMap changes (`images.numWeeklies 2 → 4`): the same comparison as `nubladash diff`
/// (`ControllerConfiguration.keyChanges`), so a change of layout or of a key nubladash ignores
/// is no change.
public enum ConfigurationChanges {
    public static func between(_ old: ControllerConfiguration, _ new: ControllerConfiguration) -> [String] {
        ControllerConfiguration.keyChanges(from: old, to: new).map(\.announcement)
    }
}
