import NubladaEngine
/// RFC 3339 timestamps as Google and Kubernetes APIs write them, without a date formatter.
package enum Timestamps {
    /// `2026-11-01T10:00:00Z`, or with `fractionDigits` (1...9) of sub-second precision.
    package static func rfc3339(_ seconds: Double, fractionDigits: Int = 0) -> String {
        let whole = seconds.rounded(.down)
        var days = Int(whole) / 86_400
        var secondOfDay = Int(whole) % 86_400
        if secondOfDay < 0 { secondOfDay += 86_400; days -= 1 }
        let (year, month, day) = civil(fromDays: days)
        var text = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T" + pad(secondOfDay / 3600, 2) + ":"
            + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        if fractionDigits > 0 {
            let digits = min(fractionDigits, 9)
            var scale = 1
            for _ in 0..<digits { scale *= 10 }
            let fraction = min(Int(((seconds - whole) * Double(scale)).rounded()), scale - 1)
            text += "." + pad(fraction, digits)
        }
        return text + "Z"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// The (year, month, day) of a day number (days since 1970-01-01), from the engine's calendar.
    package static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let date = CalendarDay(daysFromEpoch: days)
        return (date.year, date.month, date.day)
    }
}
