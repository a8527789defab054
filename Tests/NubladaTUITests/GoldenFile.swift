import Foundation
import Testing

/// Compares text with `Golden/NAME.txt` next to this file; `NUBLADASH_UPDATE_GOLDEN=1`
/// rewrites the file instead (and the test still passes).
enum GoldenFile {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static var isUpdating: Bool { ProcessInfo.processInfo.environment["NUBLADASH_UPDATE_GOLDEN"] == "1" }

    /// The first difference between two texts, for failure messages.
    static func firstDifference(_ expected: String, _ actual: String) -> String? {
        let a = expected.components(separatedBy: "\n")
        let b = actual.components(separatedBy: "\n")
        for index in 0..<max(a.count, b.count) {
            let left = index < a.count ? a[index] : "<missing>"
            let right = index < b.count ? b[index] : "<missing>"
            if left != right { return "line \(index + 1):\n  golden: \(left)\n  actual: \(right)" }
        }
        return nil
    }

    static func check(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent(name + ".txt")
        if isUpdating {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try! actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing golden \(name).txt; run with NUBLADASH_UPDATE_GOLDEN=1 to create it",
                         sourceLocation: sourceLocation)
            return
        }
        if let difference = firstDifference(expected, actual) {
            Issue.record("\(name).txt differs at \(difference)", sourceLocation: sourceLocation)
        }
    }
}
