import Foundation
import NubladaEngine

/// Text forms of sizes, digests, times and durations. Every function is total: a number from
/// outside (an upload time, an interval, a countdown) that is infinite, NaN or huge formats as
/// text and never traps in a Double→Int conversion.
enum Formatting {
    /// The largest magnitude converted to `Int` (2^53: every Double up to it is exact).
    static let largestWholeNumber = 9_007_199_254_740_992.0

    /// `value` rounded down to a whole number, clamped to ±2^53; nil for NaN.
    static func wholeNumber(_ value: Double) -> Int? {
        guard !value.isNaN else { return nil }
        return Int(min(max(value.rounded(.down), -largestWholeNumber), largestWholeNumber))
    }

    /// `4.2 GB`, `850 MB`, `12 GB` (decimal units); `-` when unknown.
    static func size(_ bytes: Int?) -> String {
        guard let bytes else { return "-" }
        let gigabytes = Double(bytes) / 1e9
        if gigabytes >= 100 { return "\(wholeNumber(gigabytes + 0.5) ?? 0) GB" }
        if gigabytes >= 1 { return String(format: "%.1f GB", gigabytes) }
        let megabytes = Double(bytes) / 1e6
        if megabytes >= 1 { return "\(wholeNumber(megabytes + 0.5) ?? 0) MB" }
        return "\(max(0, bytes / 1000)) kB"
    }

    /// The first 12 hex digits after `sha256:` (or after any algorithm prefix).
    static func shortDigest(_ digest: String) -> String {
        let hex = digest.split(separator: ":", maxSplits: 1).last.map(String.init) ?? digest
        return String(hex.prefix(12))
    }

    /// `2077-10-28 14:03` in `timeZone`; `-` when unknown, `?` outside the years 1–9999.
    static func dateTime(_ seconds: Double?, in timeZone: TimeZone) -> String {
        guard let seconds else { return "-" }
        guard let c = components(seconds, timeZone) else { return "?" }
        return "\(c.year)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute))"
    }

    /// `14:03:12` in `timeZone`; `?` outside the years 1–9999.
    static func clockTime(_ seconds: Double, in timeZone: TimeZone) -> String {
        guard let c = components(seconds, timeZone) else { return "?" }
        return "\(two(c.hour)):\(two(c.minute)):\(two(c.second))"
    }

    /// `UTC`, `GMT-3`, `CET`: the zone's name at `seconds`.
    static func zoneName(_ seconds: Double, in timeZone: TimeZone) -> String {
        let date = Date(timeIntervalSince1970: seconds)
        if timeZone.secondsFromGMT(for: date) == 0 { return "UTC" }
        return timeZone.abbreviation(for: date) ?? timeZone.identifier
    }

    /// A compact duration: `42s`, `5m 03s`, `3h 12m`, `2d 4h`; `?` for NaN, and `>99999d`
    /// beyond that (an infinite or absurd interval).
    static func duration(_ seconds: Double) -> String {
        guard let whole = wholeNumber(seconds) else { return "?" }
        let total = max(0, whole)
        if total >= longestDuration { return ">\(longestDuration / 86400)d" }
        if total < 60 { return "\(total)s" }
        if total < 3600 { return "\(total / 60)m \(two(total % 60))s" }
        if total < 86400 { return "\(total / 3600)h \(two(total % 3600 / 60))m" }
        return "\(total / 86400)d \(total % 86400 / 3600)h"
    }

    /// Durations from here on are shown as `>99999d`.
    static let longestDuration = 99_999 * 86400

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private struct Components {
        var year, month, day, hour, minute, second: Int
    }

    /// Seconds since the epoch of 0001-01-01 and of 10000-01-01: the dates shown.
    static let shownSeconds = -62_135_596_800.0 ..< 253_402_300_800.0

    private static func components(_ seconds: Double, _ timeZone: TimeZone) -> Components? {
        guard shownSeconds.contains(seconds) else { return nil }
        let instant = Date(timeIntervalSince1970: seconds)
        guard let shifted = wholeNumber(seconds + Double(timeZone.secondsFromGMT(for: instant))) else { return nil }
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
