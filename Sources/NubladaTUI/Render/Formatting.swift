import Foundation
import NubladaEngine

/// Text forms of sizes, digests, times and durations.
enum Formatting {
    /// `4.2 GB`, `850 MB`, `12 GB` (decimal units); `-` when unknown.
    static func size(_ bytes: Int?) -> String {
        guard let bytes else { return "-" }
        let gigabytes = Double(bytes) / 1e9
        if gigabytes >= 100 { return "\(Int(gigabytes.rounded())) GB" }
        if gigabytes >= 1 { return String(format: "%.1f GB", gigabytes) }
        let megabytes = Double(bytes) / 1e6
        if megabytes >= 1 { return "\(Int(megabytes.rounded())) MB" }
        return "\(max(0, bytes / 1000)) kB"
    }

    /// The first 12 hex digits after `sha256:` (or after any algorithm prefix).
    static func shortDigest(_ digest: String) -> String {
        let hex = digest.split(separator: ":", maxSplits: 1).last.map(String.init) ?? digest
        return String(hex.prefix(12))
    }

    /// `2077-10-28 14:03` in `timeZone`; `-` when unknown.
    static func dateTime(_ seconds: Double?, in timeZone: TimeZone) -> String {
        guard let seconds else { return "-" }
        let c = components(seconds, timeZone)
        return "\(c.year)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute))"
    }

    /// `14:03:12` in `timeZone`.
    static func clockTime(_ seconds: Double, in timeZone: TimeZone) -> String {
        let c = components(seconds, timeZone)
        return "\(two(c.hour)):\(two(c.minute)):\(two(c.second))"
    }

    /// `UTC`, `GMT-3`, `CET`: the zone's name at `seconds`.
    static func zoneName(_ seconds: Double, in timeZone: TimeZone) -> String {
        let date = Date(timeIntervalSince1970: seconds)
        if timeZone.secondsFromGMT(for: date) == 0 { return "UTC" }
        return timeZone.abbreviation(for: date) ?? timeZone.identifier
    }

    /// A compact duration: `42s`, `5m 03s`, `3h 12m`, `2d 4h`.
    static func duration(_ seconds: Double) -> String {
        let total = max(0, Int(seconds.rounded(.down)))
        if total < 60 { return "\(total)s" }
        if total < 3600 { return "\(total / 60)m \(two(total % 60))s" }
        if total < 86400 { return "\(total / 3600)h \(two(total % 3600 / 60))m" }
        return "\(total / 86400)d \(total % 86400 / 3600)h"
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private struct Components {
        var year, month, day, hour, minute, second: Int
    }

    private static func components(_ seconds: Double, _ timeZone: TimeZone) -> Components {
        let instant = Date(timeIntervalSince1970: seconds)
        let shifted = Int((seconds + Double(timeZone.secondsFromGMT(for: instant))).rounded(.down))
        var days = shifted / 86400
        var secondOfDay = shifted % 86400
        if secondOfDay < 0 {
            secondOfDay += 86400
            days -= 1
        }
        let date = CalendarDay(daysFromEpoch: days)
        return Components(year: date.year, month: date.month, day: date.day, hour: secondOfDay / 3600,
                          minute: secondOfDay % 3600 / 60, second: secondOfDay % 60)
    }
}
