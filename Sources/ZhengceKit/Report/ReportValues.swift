/// Shows values the way a report's reader reads them: amounts in the document's own unit with
/// thousands separators (and large ones also in 亿), rates as rounded percentages, yes/no in the
/// reader's language. Display only: the JSON report keeps every value exact.
struct ReportValues {
    /// The unit the document states its amounts in (`money in 万元`).
    var unit: MoneyUnit
    var phrases: ReportPhrases
    /// Show policy source text whole (`--verbose`) rather than shortened.
    var full = false

    /// `1,200.00万元`; from 1亿元 on also `30,000.00万元（3亿元）`.
    func money(_ amount: ExactDecimal, currency: Currency = .cny) -> String {
        let shown = currency == unit.currency ? unit : MoneyUnit.display(currency).unit
        let text = amount.formatted(shiftedLeft: Self.shift(of: shown), minimumPlaces: 2, maximumPlaces: 6, grouped: true) + shown.name
        guard currency == .cny, shown.factor < Self.yi, amount.magnitudeAtLeast(Self.yi) else { return text }
        let inYi = amount.formatted(shiftedLeft: 8, maximumPlaces: 4, grouped: true)
        let exact = amount.formatted(shiftedLeft: 8, grouped: true) == inYi
        return text + phrases.aside((exact ? "" : phrases.about) + inYi + "亿元")
    }

    /// A value read by a condition or a formula.
    func cell(_ value: Cell) -> String {
        switch value {
        case .number(let amount, .money(let currency)): return money(amount, currency: currency)
        case .number(let number, .number(nil)) where Self.looksLikeRate(number): return percent(number)
        case .bool(let truth): return truth ? phrases.yes : phrases.no
        case .text(let text): return phrases.quoted(text)
        case .set(let values): return values.sorted().map(phrases.quoted).joined(separator: phrases.listSeparator)
        default: return value.display
        }
    }

    /// `0.0714285…` → `7.14%`: at most two decimals of a percent, for display.
    func percent(_ rate: ExactDecimal) -> String {
        let hundredfold = (try? rate.multiplied(by: ExactDecimal(100))) ?? rate
        let shown = hundredfold.formatted(maximumPlaces: 2)
        let exact = hundredfold.formatted() == shown
        return (exact ? "" : phrases.about) + shown + "%"
    }

    /// A unitless number with more than four decimals is a ratio computed from amounts (a growth
    /// rate, a share); counts and factors such as 1.5 years stay as written.
    static func looksLikeRate(_ number: ExactDecimal) -> Bool {
        let text = number.formatted()
        guard let point = text.firstIndex(of: ".") else { return false }
        return text[text.index(after: point)...].count > 4
    }

    static let yi = ExactDecimal(100_000_000)

    /// Decimal places between 元 and `unit` (4 for 万元).
    static func shift(of unit: MoneyUnit) -> Int {
        max(0, unit.factor.formatted().count - 1)
    }
}

extension ExactDecimal {
    func magnitudeAtLeast(_ bound: ExactDecimal) -> Bool {
        (isNegative ? negated() : self) >= bound
    }

    func formatted(maximumPlaces: Int) -> String {
        formatted(shiftedLeft: 0, maximumPlaces: maximumPlaces)
    }
}
