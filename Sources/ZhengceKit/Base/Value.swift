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
        case .number(let amount, .number(let unit)): return amount.formatted() + (unit.map { " \($0)" } ?? "")
        case .date(let day): return day.description
        case .text(let text): return "\"\(text)\""
        case .set(let values): return "{" + values.sorted().map { "\"\($0)\"" }.joined(separator: ", ") + "}"
        case .record(let record): return "{\(record.fields.count) fields}"
        case .list(let items): return "[\(items.count) items]"
        }
    }

    /// Money in the display unit: 万元 with two decimals for CNY, 万美元 for USD.
    public static func displayMoney(_ amount: ExactDecimal, _ currency: Currency) -> String {
        let unit = currency == .cny ? MoneyUnit.wan : MoneyUnit.named("万美元")!
        guard let scaled = try? amount.divided(by: unit.factor) else { return amount.description }
        let places = max(2, min(scaled.scale, 6))
        let shown = (try? scaled.rounded(toPlaces: places, .halfUp)) ?? scaled
        return shown.grouped(places: 2) + unit.name
    }
}
