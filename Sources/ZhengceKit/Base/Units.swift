import Synchronization

/// The name of a unit beside money (`m²`, `月`, `m²·月/年`), held as a number that stands for it
/// in the whole process: a `Dimension` then takes a few bytes rather than a string's sixteen, so
/// that a number and its dimension fit the 24 bytes of a `Cell`'s payload, and two names are
/// compared as numbers. Each name is kept once, when first made, and for good: the policies name
/// a few dozen. Reading `text` takes a lock; evaluation only compares and copies names.
public struct UnitName: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    private let id: UInt32

    public init(_ text: String) {
        id = UnitName.names.withLock { $0.id(of: text) }
    }

    public init(stringLiteral text: String) {
        self.init(text)
    }

    /// The name as written (`m²`).
    public var text: String {
        UnitName.names.withLock { $0.texts[Int(id)] }
    }

    public var description: String { text }

    private static let names = Mutex(Names())

    /// Every name made so far, by number, and the number of each.
    private struct Names {
        var texts: [String] = []
        var ids: [String: UInt32] = [:]

        mutating func id(of text: String) -> UInt32 {
            if let id = ids[text] { return id }
            // Four thousand million names would need far more memory than a process has.
            let id = UInt32(texts.count)
            texts.append(text)
            ids[text] = id
            return id
        }
    }
}

/// Units beside money: areas and durations, as the documents write them, and the arithmetic of
/// units that makes `area × price × 18个月` money while money × an area without a price is not.
public enum PhysicalUnit {
    /// Written forms and the unit each means (`个月` and `月` are both months).
    public static let spellings: [(written: String, unit: String)] = [
        ("平方米", "m²"), ("m²", "m²"), ("个月", "月"), ("月", "月"), ("年", "年"), ("天", "天"),
    ]

    /// The units the language reads on numbers; money meets them only through a price.
    public static let units: Set<String> = Set(spellings.map(\.unit))

    /// The units that measure time; a price per one of them times another is a mistake.
    public static let durations: Set<String> = ["天", "月", "年"]

    /// The unit a written name means (`平方米` → `m²`); other names are kept as written.
    public static func canonical(_ name: String) -> String {
        canonicalUnits[name] ?? name
    }

    /// The unit of each spelling (the first of any two spellings equal as text).
    static let canonicalUnits: [String: String] = Dictionary(spellings.map { ($0.written, $0.unit) }, uniquingKeysWith: { first, _ in first })

    /// The longest spelling that starts `text`, for reading `18个月` and `50元/m²/月`.
    public static func longestPrefix(of text: Substring) -> (written: String, unit: String)? {
        spellings.filter { text.hasPrefix($0.written) }.max { $0.written.count < $1.written.count }
    }
}

/// A dimension taken apart for multiplying and dividing: a currency or none, the units multiplied
/// (`m²`, `月`) and the units divided by (the `m²` and `月` of `元/m²/月`).
public struct UnitTerms: Hashable, Sendable {
    public var currency: Currency?
    public var over: [String] = []
    public var under: [String] = []

    /// Why a product or quotient of units has no meaning.
    public enum Problem: Error, Sendable {
        /// Money times money (or a price).
        case moneyTimesMoney
        /// Money left multiplied by an area or duration: a price is missing.
        case moneyTimesUnit(String)
        /// A duration meets a price or rate per another duration (`元/年 × 18个月`).
        case durationMismatch(given: String, expected: String)
        /// Two different currencies, or money divided into a plain number.
        case incompatible
    }

    public init() {}

    public init(_ dimension: Dimension) {
        switch dimension {
        case .money(let currency): self.currency = currency
        case .number(let unit?): (over, under) = UnitTerms.split(unit.text)
        case .number(nil): break
        case .price(let currency, let per):
            self.currency = currency
            under = per.text.split(separator: "/").map(String.init)
        }
    }

    /// `m²·月/年` → (["m²", "月"], ["年"]).
    static func split(_ unit: String) -> ([String], [String]) {
        let parts = unit.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let over = parts[0].split(separator: "·").map(String.init)
        return (over, Array(parts.dropFirst()))
    }

    public func times(_ other: UnitTerms) throws(Problem) -> UnitTerms {
        if currency != nil && other.currency != nil { throw .moneyTimesMoney }
        var result = UnitTerms()
        result.currency = currency ?? other.currency
        result.over = over + other.over
        result.under = under + other.under
        return try result.cancelled()
    }

    public func divided(by other: UnitTerms) throws(Problem) -> UnitTerms {
        var result = UnitTerms()
        switch (currency, other.currency) {
        case (let a?, let b?): if a != b { throw .incompatible }
        case (nil, _?): throw .incompatible
        case (let a, nil): result.currency = a
        }
        result.over = over + other.under
        result.under = under + other.over
        return try result.cancelled()
    }

    /// Cancels a unit found above and below; what is left must still make sense.
    func cancelled() throws(Problem) -> UnitTerms {
        var result = self
        result.over = []
        var under = self.under
        for unit in over {
            if let index = under.firstIndex(of: unit) { under.remove(at: index) } else { result.over.append(unit) }
        }
        result.under = under
        if let given = result.over.first(where: PhysicalUnit.durations.contains), let expected = result.under.first(where: PhysicalUnit.durations.contains) {
            throw .durationMismatch(given: given, expected: expected)
        }
        if result.currency != nil {
            if let unit = result.over.first(where: PhysicalUnit.units.contains) { throw .moneyTimesUnit(unit) }
            // Money times or divided by a count with a label of its own (`number in "人"`) stays
            // money, as it always has: only areas and durations make prices.
            result.over = []
            result.under = result.under.filter(PhysicalUnit.units.contains)
        }
        return result
    }

    public var dimension: Dimension {
        if let currency {
            return under.isEmpty ? .money(currency) : .price(currency, per: UnitName(under.joined(separator: "/")))
        }
        if over.isEmpty && under.isEmpty { return .plain }
        return .number(unit: UnitName(over.sorted().joined(separator: "·") + under.map { "/" + $0 }.joined()))
    }
}

extension Dimension {
    /// The dimension of a product: `price × area × duration` is money.
    public func times(_ other: Dimension) throws(UnitTerms.Problem) -> Dimension {
        try UnitTerms(self).times(UnitTerms(other)).dimension
    }

    /// The dimension of a quotient: money ÷ area is a price, months ÷ months a plain number.
    public func divided(by other: Dimension) throws(UnitTerms.Problem) -> Dimension {
        try UnitTerms(self).divided(by: UnitTerms(other)).dimension
    }
}
