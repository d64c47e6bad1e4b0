/// A calendar day (proleptic Gregorian), stored as days since 1970-01-01.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let ordinal: Int

    public init(ordinal: Int) { self.ordinal = ordinal }

    /// nil when the date does not exist (`2025-02-30`).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), (1...Day.daysIn(month: month, year: year)).contains(day) else { return nil }
        ordinal = Day.daysFromCivil(year, month, day)
    }

    /// Parses `YYYY-MM-DD` exactly: ASCII digits only, no sign, no spaces.
    public init?(iso text: some StringProtocol) {
        guard let (year, month, day) = Day.isoFields(text) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The year, month and day written in the form `YYYY-MM-DD` (ASCII digits only), whether or
    /// not the calendar has that day; nil for any other form.
    static func isoFields(_ text: some StringProtocol) -> (year: Int, month: Int, day: Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ $0.unicodeScalars.allSatisfy { ("0"..."9").contains($0) } }), parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        return (year, month, day)
    }

    /// Why `text` is not a date, for a message about `name`: a day the calendar does not have
    /// (`2025-02-29`), or not the `YYYY-MM-DD` form (`2025/06/30`, `2025-6-30`).
    public static func problem(with text: String, naming name: String) -> String {
        guard let (year, month, day) = isoFields(text) else {
            if let meant = writtenElsewhere(text) { return "\(name) must be a date written `YYYY-MM-DD`, not `\(text)`: write `\(meant)`" }
            return "\(name) must be a date such as 2025-06-30, not `\(text)`"
        }
        return "\(name) `\(text)` is not a day of the calendar" + (month == 2 && day == 29 ? " (\(year) is not a leap year)" : "")
    }

    /// A day written as other tools and documents write one (`2025/06/30`, `2025.6.30`,
    /// `2025-6-30`, `2025年6月30日`, `20250630`), for a message that names the form to write; nil
    /// for anything else, and for a day the calendar does not have.
    public static func writtenElsewhere(_ text: some StringProtocol) -> Day? {
        var scalars = Array(text.unicodeScalars)
        if scalars.last == "日" { scalars.removeLast() }
        let digit: (Unicode.Scalar) -> Bool = { ("0"..."9").contains($0) }
        // `20250630` is the three fields end to end; the others are separated.
        let parts = scalars.count == 8 && scalars.allSatisfy(digit) ? [scalars[0..<4], scalars[4..<6], scalars[6..<8]]
            : scalars.split(omittingEmptySubsequences: false) { ["/", ".", "-", "年", "月"].contains($0) }
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(digit) }), parts[0].count == 4, parts[1].count <= 2, parts[2].count <= 2 else { return nil }
        let fields = parts.compactMap { Int(String(String.UnicodeScalarView($0))) }
        return fields.count == 3 ? Day(year: fields[0], month: fields[1], day: fields[2]) : nil
    }

    public var components: (year: Int, month: Int, day: Int) { Day.civil(from: ordinal) }
    public var year: Int { components.year }

    public func addingDays(_ count: Int) -> Day { Day(ordinal: ordinal + count) }

    /// The same month and day `count` years later; 29 February becomes 28 February in a common year.
    /// Nil when that year is outside the calendar's years 1–9999 (`Day(year:month:day:)`).
    public func addingYears(_ count: Int) -> Day? {
        let (year, month, day) = components
        let (target, overflow) = year.addingReportingOverflow(count)
        guard !overflow, (1...9999).contains(target) else { return nil }
        return Day(year: target, month: month, day: min(day, Day.daysIn(month: month, year: target)))
    }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.ordinal < rhs.ordinal }

    public var description: String {
        let (year, month, day) = components
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's civil-date algorithms.
    static func daysFromCivil(_ y: Int, _ m: Int, _ d: Int) -> Int {
        let year = m <= 2 ? y - 1 : y
        let era = (year >= 0 ? year : year - 399) / 400
        let yoe = year - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civil(from days: Int) -> (Int, Int, Int) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
