/// A runtime value.
public indirect enum Value: Hashable, Sendable {
    case bool(Bool)
    case number(ExactDecimal, Dimension)
    case date(Day)
    case text(String)
    case set(Set<String>)
    /// A record from the input, with the path it was read from (for "missing fact" messages).
    case record(RecordValue)
    case list([Value])

    public static func money(_ amount: ExactDecimal, _ currency: Currency = .cny) -> Value { .number(amount, .money(currency)) }
}

public struct RecordValue: Hashable, Sendable {
    public var path: String
    public var fields: [String: Value]
}

extension Value {
    /// Shows a value as a person reads it: money in 万元 (`1,300.00万元`), dates, choices.
    public var display: String {
        switch self {
        case .bool(let value): return value ? "true" : "false"
        case .number(let amount, .money(let currency)): return Value.displayMoney(amount, currency)
        case .number(let amount, .number(let unit)):
            // A duration is written the Chinese way, against the number (`18个月`, `3年`).
            if let unit = unit?.text, PhysicalUnit.durations.contains(unit) { return amount.formatted() + (unit == "月" ? "个月" : unit) }
            return amount.formatted() + (unit.map { " \($0)" } ?? "")
        case .number(let amount, .price(let currency, let per)):
            return amount.formatted() + (currency == .cny ? "元" : "美元") + "/" + per.text
        case .date(let day): return day.description
        case .text(let text): return "\"\(text)\""
        case .set(let values): return "{" + values.sorted().map { "\"\($0)\"" }.joined(separator: ", ") + "}"
        case .record(let record): return "{\(record.fields.count) fields}"
        case .list(let items): return "[\(items.count) items]"
        }
    }

    /// Money in the display unit: 万元 for CNY, 万美元 for USD, with two to six decimals (rounded
    /// half-up beyond six). The point is moved, not divided, so the text is right for every
    /// representable amount.
    public static func displayMoney(_ amount: ExactDecimal, _ currency: Currency) -> String {
        let (unit, shift) = MoneyUnit.display(currency)
        return amount.formatted(shiftedLeft: shift, minimumPlaces: 2, maximumPlaces: 6, rounding: .halfUp, grouped: true) + unit.name
    }
}
