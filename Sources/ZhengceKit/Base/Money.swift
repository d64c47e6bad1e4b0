/// The currencies the documents use.
public enum Currency: String, Sendable, Hashable {
    case cny = "CNY"
    case usd = "USD"
}

/// What a number measures. Arithmetic and comparison check dimensions so that money never meets a
/// plain count or another currency by accident.
public enum Dimension: Hashable, Sendable, CustomStringConvertible {
    case money(Currency)
    /// A plain number; `unit` names a physical unit (`m²`, `年`) or is nil for ratios and counts.
    case number(unit: UnitName?)
    /// Money per unit and per period (`元/m²/月`): `per` names the units, joined by `/`.
    case price(Currency, per: UnitName)

    public static let plain = Dimension.number(unit: nil)

    public var isMoney: Bool { if case .money = self { return true } else { return false } }

    public var description: String {
        switch self {
        case .money(.cny): return "money (CNY)"
        case .money(.usd): return "money (USD)"
        case .number(nil): return "number"
        case .number(let unit?): return "number in \(unit)"
        case .price(let currency, let per): return "price (\(currency.rawValue) per \(per))"
        }
    }
}

/// A monetary or input unit as the documents write it, with its size in the base unit
/// (元 for CNY, US dollars for USD).
public struct MoneyUnit: Sendable, Hashable {
    public let name: String
    public let currency: Currency
    public let factor: ExactDecimal

    public static let all: [MoneyUnit] = [
        MoneyUnit(name: "元", currency: .cny, factor: ExactDecimal(1)),
        wan,
        MoneyUnit(name: "万", currency: .cny, factor: ExactDecimal(10_000)),
        MoneyUnit(name: "千万元", currency: .cny, factor: ExactDecimal(10_000_000)),
        MoneyUnit(name: "千万", currency: .cny, factor: ExactDecimal(10_000_000)),
        MoneyUnit(name: "亿元", currency: .cny, factor: ExactDecimal(100_000_000)),
        MoneyUnit(name: "亿", currency: .cny, factor: ExactDecimal(100_000_000)),
        MoneyUnit(name: "美元", currency: .usd, factor: ExactDecimal(1)),
        wanUSD,
        millionUSD,
        MoneyUnit(name: "亿美元", currency: .usd, factor: ExactDecimal(100_000_000)),
    ]

    public static func named(_ name: String) -> MoneyUnit? { byName[name] }

    /// `all` by name (the first of any two names equal as text), looked up once per name rather
    /// than compared with each name in turn.
    static let byName: [String: MoneyUnit] = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

    /// The longest unit name that starts `text`, for reading `2000万美元` and `8亿`.
    public static func longestPrefix(of text: Substring) -> MoneyUnit? {
        all.filter { text.hasPrefix($0.name) }.max { $0.name.count < $1.name.count }
    }

    public static let wan = MoneyUnit(name: "万元", currency: .cny, factor: ExactDecimal(10_000))
    public static let wanUSD = MoneyUnit(name: "万美元", currency: .usd, factor: ExactDecimal(10_000))
    public static let millionUSD = MoneyUnit(name: "百万美元", currency: .usd, factor: ExactDecimal(1_000_000))

    /// The display unit of a currency (万元, 万美元) and how many places it moves the point left.
    public static func display(_ currency: Currency) -> (unit: MoneyUnit, shift: Int) {
        (currency == .cny ? wan : wanUSD, displayShift)
    }

    /// How many places every display unit moves the point left (10,000 to the 万), for writers
    /// that need the shift alone (reading `wan` would copy the unit, and check that it is made).
    public static var displayShift: Int { 4 }
}
