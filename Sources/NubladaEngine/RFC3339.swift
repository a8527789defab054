import Foundation

/// Parses RFC 3339 timestamps (`2023-03-27T13:02:39Z`, fractional seconds and offsets too) and
/// plain dates (`2026-10-15`) into seconds since the epoch.
public enum RFC3339 {
    public static func parse(_ text: String) -> Double? {
        let s = Array(text.trimmingCharacters(in: .whitespaces).utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= s.count else { return nil }
            var value = 0
            for byte in s[from..<from + count] {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0, 4), s.count >= 10, s[4] == 45, let month = number(5, 2), s[7] == 45,
              let day = number(8, 2), let date = CalendarDay(year: year, month: month, day: day) else { return nil }
        var seconds = date.secondsFromEpoch
        if s.count == 10 { return seconds }
        guard s.count >= 19, s[10] == 84 || s[10] == 116 || s[10] == 32, let hour = number(11, 2), s[13] == 58,
              let minute = number(14, 2), s[16] == 58, let second = number(17, 2),
              hour < 24, minute < 60, second <= 60 else { return nil }
        let secondOfDay: Int = hour * 3600 + minute * 60 + second
        seconds += Double(secondOfDay)
        var index = 19
        if index < s.count && s[index] == 46 {
            index += 1
            var scale = 0.1
            while index < s.count, s[index] >= 48, s[index] <= 57 {
                seconds += Double(s[index] - 48) * scale
                scale /= 10
                index += 1
            }
        }
        guard index < s.count else { return nil }
        if s[index] == 90 || s[index] == 122 { return index + 1 == s.count ? seconds : nil }
        guard s[index] == 43 || s[index] == 45, let offsetHours = number(index + 1, 2), s.count == index + 6,
              s[index + 3] == 58, let offsetMinutes = number(index + 4, 2) else { return nil }
        let offsetSeconds: Int = offsetHours * 3600 + offsetMinutes * 60
        let offset = Double(offsetSeconds)
        return s[index] == 43 ? seconds - offset : seconds + offset
    }

    /// Formats seconds since the epoch as `2026-10-29T11:06:00Z` (whole seconds, UTC).
    public static func format(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.down))
        let days = whole >= 0 ? whole / 86_400 : (whole - 86_399) / 86_400
        let secondOfDay = whole - days * 86_400
        func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        let time = "\(pad(secondOfDay / 3600)):\(pad(secondOfDay / 60 % 60)):\(pad(secondOfDay % 60))"
        return "\(CalendarDay(daysFromEpoch: days))T\(time)Z"
    }
}
