import Foundation

/// Durations as the controller's configuration writes them: seconds (`300`), or
/// combinations of weeks, days, hours, minutes and seconds (`1w2d`, `5m`, `1h 30m`).
public enum HumanDuration {
    public static func seconds(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let plain = Double(trimmed), plain >= 0 { return plain }
        let units: [(names: [String], seconds: Double)] = [
            (["w", "week", "weeks"], 604_800), (["d", "day", "days"], 86_400), (["h", "hour", "hours"], 3600),
            (["m", "min", "mins", "minute", "minutes"], 60), (["s", "sec", "secs", "second", "seconds"], 1),
        ]
        var total = 0.0
        var rest = Substring(trimmed.lowercased())
        var matchedAny = false
        while !rest.isEmpty {
            rest = rest.drop { $0 == " " }
            let digits = rest.prefix { $0.isNumber }
            guard !digits.isEmpty, let amount = Double(digits) else { return nil }
            rest = rest.dropFirst(digits.count).drop { $0 == " " }
            let unitName = rest.prefix { $0.isLetter }
            guard let unit = units.first(where: { $0.names.contains(String(unitName)) }) else { return nil }
            total += amount * unit.seconds
            rest = rest.dropFirst(unitName.count)
            matchedAny = true
        }
        return matchedAny ? total : nil
    }
}
