/// Messages for units that do not combine: money times money, money times an area or a duration
/// without a price, and a duration where a price or rate is per another one.
extension Checker {
    mutating func reportUnits(_ problem: UnitTerms.Problem, _ x: Dimension, _ y: Dimension, _ span: Span, _ verb: String) {
        switch problem {
        case .moneyTimesMoney:
            diagnostics.add(.moneyTimesMoney, "money multiplied by money", at: span,
                            help: "one side must be a rate or count, e.g. `30% × rent`")
        case .moneyTimesUnit(let unit):
            diagnostics.add(.moneyWithoutPrice, "money multiplied by a quantity in \(unit) without a price per \(unit)", at: span,
                            help: "write the standard as a price, e.g. `50元/\(unit)`, or declare the fact `money in \"元/\(unit)\"`")
        case .durationMismatch(let given, let expected):
            diagnostics.add(.durationMismatch, "a duration in \(given) where \(expected) is meant", at: span,
                            help: "write the duration in \(expected) (`18个月` is `1.5年`), or state the conversion in parentheses, e.g. `(18个月 * 1年 / 12个月)`")
        case .incompatible:
            diagnostics.add(.unitMismatch, verb == "divide" ? "cannot divide \(x) by \(y)" : "cannot \(verb) \(x) and \(y)", at: span)
        }
    }
}
