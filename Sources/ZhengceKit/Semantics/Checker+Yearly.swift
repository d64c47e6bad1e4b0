/// Rates by year: the years run from 1 without gaps or overlaps, each rate is a share from 0% to
/// 100%, and the values are money.
extension Checker {
    mutating func inferYearly(_ form: YearlyRates, _ scope: inout Scope) -> ValueType {
        let sourceType = infer(form.source, &scope)
        var inner = scope
        _ = rejectBuiltinName(form.variable)
        if case .list(let element) = sourceType {
            inner.locals[form.variable.value] = element
        } else {
            if sourceType != .unknown { diagnostics.add(.typeMismatch, "`yearly` needs a list with an item for each year, but this is \(sourceType)", at: form.source.span) }
            inner.locals[form.variable.value] = .unknown
        }
        let valueType = infer(form.value, &inner)
        if valueType != .unknown && !(valueType.dimension?.isMoney ?? false) {
            diagnostics.add(.typeMismatch, "the value of each year must be money, but this is \(valueType)", at: form.value.span)
        }
        expectQuantity(form.year, &inner, .plain, "the year of an item")
        let startType = infer(form.start, &scope)
        if startType != .unknown && startType != .date && startType.dimension == nil {
            diagnostics.add(.typeMismatch, "the first year must be a year or a date, but this is \(startType)", at: form.start.span)
        }
        if let cap = form.yearCap {
            let capType = infer(cap, &scope)
            if capType != .unknown && capType != valueType && valueType != .unknown {
                diagnostics.add(.typeMismatch, "the cap per year must be \(valueType), but this is \(capType)", at: cap.span)
            }
        }
        checkYearBands(form, &scope)
        return valueType.dimension?.isMoney == true ? valueType : .unknown
    }

    mutating func checkYearBands(_ form: YearlyRates, _ scope: inout Scope) {
        var next = 1
        for band in form.bands {
            expectQuantity(band.rate, &scope, .plain, "a rate")
            if let (rate, _) = band.rate.constant {
                if rate > .one || rate < .zero {
                    diagnostics.add(.yearRate, "the rate of a year must be a share from 0% to 100%, but it is \(band.rate.value.written ?? Value.number(rate, .plain).display)", at: band.rate.span,
                                    help: "write the share of the year's value the document grants, e.g. `50%`")
                }
            } else {
                diagnostics.add(.yearRate, "the rate of a year must be a constant percentage", at: band.rate.span,
                                help: "write the share the document grants for these years, e.g. `50%`")
            }
            guard let first = Checker.wholeYear(band.first), let last = Checker.wholeYear(band.last), first <= last else {
                diagnostics.add(.yearBands, "the years of a band must be whole numbers from 1 to \(Checker.maxYearOfHistory), the first no later than the last", at: band.span,
                                help: "write `years 1 to 2 => …`; year 1 is the first year of the history")
                return
            }
            if first != next {
                let problem = first < next ? "overlap the years before them" : "leave year\(next == first - 1 ? " \(next)" : "s \(next) to \(first - 1)") without a rate"
                diagnostics.add(.yearBands, "years \(first) to \(last) \(problem)", at: band.span,
                                help: "the bands run from year 1 without gaps or overlaps: `years 1 to 2`, then `years 3 to 5`")
                return
            }
            next = last + 1
        }
        if form.bands.isEmpty {
            diagnostics.add(.yearBands, "`yearly` needs at least one band of years with its rate", at: form.source.span,
                            help: "write `years 1 to 2 => 100%` inside the braces")
        }
    }

    /// The latest year of a history a band may name.
    static let maxYearOfHistory = 1000

    static func wholeYear(_ node: ExprNode) -> Int? {
        guard let (value, dimension) = node.constant, dimension == .plain, let year = value.exactInt, (1...Checker.maxYearOfHistory).contains(year) else { return nil }
        return year
    }
}
