extension Value {
    /// A value as a policy file would write it, for messages about the policy: money in 亿 when
    /// it is a round number of 亿 (`5亿`), otherwise in 万 (`500万`, `12.5万`), so a message
    /// repeats the author's figure instead of converting it (`50,000.00万元`). Other values as
    /// `display` shows them.
    public var asWritten: String {
        guard case .number(let amount, .money(let currency)) = self else { return display }
        let (hundredMillion, tenThousand) = currency == .cny ? ("亿", "万") : ("亿美元", "万美元")
        let magnitude = amount.isNegative ? amount.negated() : amount
        if magnitude >= ExactDecimal(100_000_000), let text = Value.exactly(amount, shift: 8, places: 2) { return text + hundredMillion }
        if let text = Value.exactly(amount, shift: 4, places: 6) { return text + tenThousand }
        return display
    }

    /// `amount ÷ 10^shift` in plain notation when it needs at most `places` decimals.
    private static func exactly(_ amount: ExactDecimal, shift: Int, places: Int) -> String? {
        let text = amount.formatted(shiftedLeft: shift)
        let decimals = text.split(separator: ".").dropFirst().first?.count ?? 0
        return decimals <= places ? text : nil
    }
}
