/// Rates by year: each year's value times the rate of its band, counted from the first year of
/// the applicant's history, held to the cap per year, and summed.
extension Evaluator {
    mutating func yearly(_ form: CompiledYearly) throws(EvaluationFailure) -> Cell {
        let site = form.site
        let source = try eval(form.source)
        if source.isUnknown { return source }
        guard case .list(let items) = source else { throw failure("`yearly` needs a list", site) }
        let startCell = try eval(form.start)
        let start: Int
        switch startCell {
        case .unknown: return startCell
        case .date(let day): start = day.year
        case .number(let number, _):
            guard let year = number.exactInt else { throw failure("the first year is not a whole year", site) }
            start = year
        default: throw failure("the first year must be a year or a date", site)
        }
        var cap: ExactDecimal?
        if let code = form.yearCap {
            let value = try eval(code)
            if value.isUnknown { return value }
            guard case .number(let limit, _) = value else { throw failure("the cap per year must be money", site) }
            cap = limit
        }
        let slot = frame + form.variable
        while variables.count <= slot { variables.append(.bool(false)) }
        let saved = variables[slot]
        defer { variables[slot] = saved }
        var total = ExactDecimal.zero
        var dimension = Dimension.money(.cny)
        var previous: Int?
        for item in items {
            variables[slot] = item
            let yearCell = try eval(form.year)
            if yearCell.isUnknown { return yearCell }
            guard case .number(let yearNumber, _) = yearCell, let year = yearNumber.exactInt else { throw failure("the year of an item is not a whole year", site) }
            if let previous, year <= previous {
                throw failure("`\(program.sites[site].source)` gives year \(year) after \(previous): give one item per year, in order of year", site)
            }
            previous = year
            let (offset, overflow) = year.subtractingReportingOverflow(start)
            guard !overflow, offset < Int.max else { throw failure("the year \(year) is too far from the first year \(start)", site) }
            let relative = offset + 1
            guard let band = form.bands.first(where: { $0.first <= relative && relative <= $0.last }) else {
                if recording { record(.value, program.sites[site].location, "\(year) is \(relative < 1 ? "before year 1 (\(start))" : "year \(relative) from \(start)"): no rate for it",
                                     .yearWithoutRate(year: year, relative: relative, start: start)) }
                continue
            }
            let valueCell = try eval(form.value)
            if valueCell.isUnknown { return valueCell }
            guard case .number(let value, let valueDimension) = valueCell else { throw failure("the value of a year must be money", site) }
            dimension = valueDimension
            let share = try arithmetic(site) { try value.multiplied(by: band.rate) }
            let part = cap.map { min(share, $0) } ?? share
            total = try arithmetic(site) { try total.adding(part) }
            exercise(program.sites[band.site].key)
            if recording {
                let percent = (try? band.rate.multiplied(by: ExactDecimal(100)))?.formatted() ?? band.rate.formatted()
                let held = part < share ? ", held to \(Cell.number(part, dimension).display) a year" : ""
                record(.value, program.sites[site].location,
                       "\(year) is year \(relative) from \(start) (years \(band.first)–\(band.last)): \(percent)% × \(valueCell.display) = \(Cell.number(share, dimension).display)\(held)",
                       .yearShare(year: year, relative: relative, start: start, band: band.first...band.last, rate: band.rate, value: valueCell,
                                  share: .number(share, dimension), paid: .number(part, dimension)))
            }
        }
        if recording { record(.value, program.sites[site].location, "by year over `\(program.sites[site].source)`: \(Cell.number(total, dimension).display) in all",
                                  .yearlyTotal(expression: program.sites[site].source, total: .number(total, dimension))) }
        return .number(total, dimension)
    }
}
