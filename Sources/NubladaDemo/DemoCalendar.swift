import NubladaStandIn

/// Calendar arithmetic of the demo's simulated clock (UTC, seconds since the epoch): the
/// day a moment falls on, and the tag names Rubin gives builds of that day.
enum DemoCalendar {
    static let day = 86_400.0
    static let hour = 3_600.0
    static let minute = 60.0

    /// Days since 1970-01-01 of a moment.
    static func dayNumber(_ time: Double) -> Int { Int((time / day).rounded(.down)) }

    /// Midnight (UTC) of a day number, in seconds.
    static func midnight(_ dayNumber: Int) -> Double { Double(dayNumber) * day }

    /// ISO weekday, Monday 1 ... Sunday 7 (1970-01-01 was a Thursday).
    static func weekday(_ dayNumber: Int) -> Int { ((dayNumber + 3) % 7 + 7) % 7 + 1 }

    /// The latest Thursday on or before a day.
    static func thursday(onOrBefore dayNumber: Int) -> Int { dayNumber - ((weekday(dayNumber) - 4 + 7) % 7) }

    /// The ISO year and week of a day (the week's Thursday decides the year).
    static func isoWeek(_ dayNumber: Int) -> (year: Int, week: Int) {
        let thursday = dayNumber - weekday(dayNumber) + 4
        let (year, _, _) = Timestamps.civil(fromDays: thursday)
        let january1 = daysFromCivil(year: year, month: 1, day: 1)
        return (year, (thursday - january1) / 7 + 1)
    }

    /// `d_YYYY_MM_DD` of a day.
    static func dailyTag(_ dayNumber: Int) -> String {
        let (year, month, dayOfMonth) = Timestamps.civil(fromDays: dayNumber)
        return "d_\(pad(year, 4))_\(pad(month, 2))_\(pad(dayOfMonth, 2))"
    }

    /// `w_YYYY_WW` of the ISO week a day belongs to.
    static func weeklyTag(_ dayNumber: Int) -> String {
        let (year, week) = isoWeek(dayNumber)
        return "w_\(pad(year, 4))_\(pad(week, 2))"
    }

    /// Days since the epoch of a civil date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
