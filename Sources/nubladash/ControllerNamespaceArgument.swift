import ArgumentParser
import NubladaEngine

/// `--controller-namespace NAME`: where the Nublado controller runs, so where its prepull pods
/// are. Read while the command line is parsed, so a name Kubernetes could never have is a
/// usage error (exit 64) before anything else happens.
enum ControllerNamespaceArgument {
    static func parse(_ text: String) throws -> ControllerNamespace {
        do {
            return try ControllerNamespace(text)
        } catch {
            throw ValidationError(error.description)
        }
    }
}
