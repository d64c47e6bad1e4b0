/// Rates by year: `yearly t in district_tax: t.amount at t.year from year(settled_on) { … }`.
extension Parser {
    mutating func yearlyRates(start: Span) throws -> ExprNode {
        let variable = try identifier("a name for each year's item")
        try expectWord("in", "after the item name")
        let source = try additive()
        try expect(.colon, "before the value of each year (`yearly t in list: t.amount at t.year from …`)")
        let value = try additive()
        try expectWord("at", "to give each item's calendar year (`… at t.year`)")
        let year = try additive()
        try expectWord("from", "to give the first year of the history (`from year(settled_on)`)")
        let first = try additive()
        try expect(.leftBrace, "to open the years and their rates")
        var bands: [YearBand] = []
        var yearCap: ExprNode?
        while !check(.rightBrace) && !check(.endOfFile) {
            if matchWord("cap") {
                yearCap = try additive()
                try expectWord("per", "in `cap … per year`")
                try expectWord("year", "in `cap … per year`")
            } else {
                bands.append(try yearBand())
            }
            _ = match(.comma) || match(.semicolon)
        }
        let end = try expect(.rightBrace, "to close the years and their rates")
        let form = YearlyRates(variable: variable, source: source, value: value, year: year, start: first, bands: bands, yearCap: yearCap)
        return Located(.yearly(form), start.to(end.span))
    }

    /// `years 1 to 2 => 100%` or `year 3 => 50%`
    mutating func yearBand() throws -> YearBand {
        let open = peek()
        guard open.isWord("years") || open.isWord("year") else {
            report("expected `years A to B => RATE`, `year N => RATE` or `cap … per year`, found \(open.display)",
                   help: "the years count from 1, the first year of the history: `years 1 to 2 => 100%`")
            throw Failure()
        }
        advance()
        let first = try unary()
        let last = matchWord("to") ? try unary() : first
        try expect(.arrow, "between the years and their rate")
        let rate = try additive()
        return YearBand(first: first, last: last, rate: rate, span: open.span.to(rate.span))
    }
}
