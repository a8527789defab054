/// RFC 3339 timestamps as Google and Kubernetes APIs write them, without a date formatter.
enum Timestamps {
    /// `2026-11-01T10:00:00Z`, or with `fractionDigits` (1...9) of sub-second precision.
    static func rfc3339(_ seconds: Double, fractionDigits: Int = 0) -> String {
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

    /// Howard Hinnant's days-to-civil conversion (proleptic Gregorian calendar).
    static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
