/// A day of the proleptic Gregorian calendar in UTC, as the tags' dates are.
public struct CalendarDay: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// A valid date, or nil (`2021-02-30` is not one).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...CalendarDay.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The Thursday of ISO week `week` of ISO year `year` (the weekly build day), or nil
    /// when that year has no such week.
    public init?(isoYear year: Int, week: Int, weekday: Int = 4) {
        guard (1...9999).contains(year), week >= 1, week <= CalendarDay.isoWeeks(in: year) else { return nil }
        // Monday of week 1 is the Monday on or before 4 January.
        let jan4 = CalendarDay.daysFromEpoch(year: year, month: 1, day: 4)
        let jan4Weekday = CalendarDay.isoWeekday(daysFromEpoch: jan4)
        let target = jan4 - (jan4Weekday - 1) + (week - 1) * 7 + (weekday - 1)
        self = CalendarDay(daysFromEpoch: target)
    }

    /// The day `days` after 1970-01-01 (negative: before).
    public init(daysFromEpoch days: Int) {
        // Civil-from-days (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        month = m
        day = d
    }

    /// Days since 1970-01-01.
    public var daysFromEpoch: Int { CalendarDay.daysFromEpoch(year: year, month: month, day: day) }

    /// Seconds since 1970-01-01T00:00:00Z at the start of this day.
    public var secondsFromEpoch: Double { Double(daysFromEpoch) * 86_400 }

    public var description: String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public static func < (a: CalendarDay, b: CalendarDay) -> Bool { a.daysFromEpoch < b.daysFromEpoch }

    static func daysFromEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func isoWeekday(daysFromEpoch days: Int) -> Int {
        // 1970-01-01 was a Thursday (ISO weekday 4).
        ((days % 7 + 7 + 3) % 7) + 1
    }

    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// 53 when the year starts on a Thursday, or is a leap year starting on a Wednesday.
    static func isoWeeks(in year: Int) -> Int {
        let jan1 = isoWeekday(daysFromEpoch: daysFromEpoch(year: year, month: 1, day: 1))
        return jan1 == 4 || (jan1 == 3 && isLeap(year)) ? 53 : 52
    }
}
