import ArgumentParser
import NubladaEngine

extension RefreshInterval {
    /// Reads `--refresh SECONDS` while the command line is parsed, so a nonsense value is a
    /// usage error (exit 64) before anything else happens, the terminal check included.
    static func argument(_ text: String) throws -> RefreshInterval {
        guard let seconds = Double(text), let interval = RefreshInterval(seconds: seconds) else {
            throw ValidationError("expected \(RefreshInterval.rule)")
        }
        return interval
    }
}
