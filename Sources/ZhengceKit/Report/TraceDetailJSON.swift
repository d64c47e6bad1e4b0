/// The structured values of a trace step in the JSON report (`trace[].detail`): exact amounts in
/// 万元 as strings, numbers exact, each value with its unit. Documented in `docs/commands.md`.
enum TraceDetailJSON {
    static func json(_ detail: TraceDetail) -> JSONOut {
        func failed(_ kind: String, _ f: FailedCondition) -> [(String, JSONOut)] {
            [("kind", .string(kind)), ("label", f.label.map(JSONOut.string) ?? .null), ("expression", .string(f.expression)), ("values", readings(f.readings))]
        }
        let money = { (amount: ExactDecimal) in JSONOut.string(EvaluationReport.wan(amount)) }
        let members: [(String, JSONOut)]
        switch detail {
        case .notInForce(let document, let asOf, let validity):
            members = [("kind", .string("not_in_force")), ("document", .string(document)), ("as_of", .string(asOf.description)),
                       ("valid_from", validity.start.map { .string($0.description) } ?? .null), ("valid", .string(validity.described))]
        case .survivesExpiry(let document): members = [("kind", .string("survives_expiry")), ("document", .string(document))]
        case .notEligible(let f): members = failed("not_eligible", f)
        case .eligibilityNeeds(let facts): members = [("kind", .string("eligibility_needs")), ("facts", strings(facts))]
        case .doesNotApply(let expression, let values):
            members = [("kind", .string("does_not_apply")), ("expression", .string(expression)), ("values", readings(values))]
        case .holds(let expression, let values):
            members = [("kind", .string("holds")), ("expression", .string(expression)), ("values", readings(values))]
        case .undecided(let expression, let needs):
            members = [("kind", .string("undecided")), ("expression", .string(expression)), ("facts", strings(needs))]
        case .fails(let f): members = failed("fails", f)
        case .benefit: members = [("kind", .string("benefit"))]
        case .eligibleWithoutAmount: members = [("kind", .string("eligible_without_amount"))]
        case .amountNeeds(let facts): members = [("kind", .string("amount_needs")), ("facts", strings(facts))]
        case .amountIsZero: members = [("kind", .string("amount_is_zero"))]
        case .failed(let message, let at): members = [("kind", .string("failed")), ("message", .string(message)), ("at", .string(at))]
        case .local(let name, let expression, let value, let label):
            members = [("kind", .string("let")), ("name", .string(name)), ("expression", .string(expression)), ("value", cell(value)),
                       ("label", label.map(JSONOut.string) ?? .null)]
        case .clauseAmount(let clause, let amount, let status):
            members = [("kind", .string("clause_amount")), ("clause", .string(clause)), ("amount", money(amount)), ("status", .string(status.rawValue))]
        case .amount(let expression, let value, let values):
            members = [("kind", .string("amount")), ("expression", .string(expression)), ("amount", money(value)), ("values", readings(values))]
        case .extremum(let function, let inputs, let result):
            members = [("kind", .string(function)), ("inputs", .array(inputs.map(cell))), ("result", cell(result))]
        case .clamp(let value, let low, let high, let result):
            members = [("kind", .string("clamp")), ("value", cell(value)), ("low", cell(low)), ("high", cell(high)), ("result", cell(result))]
        case .aggregate(let function, let counted, let items, let expression, let values, let result):
            members = [("kind", .string("aggregate")), ("function", .string(function)), ("expression", .string(expression)),
                       ("items", .int(items)), ("counted", .int(counted)), ("inputs", .array(values.map(cell))), ("result", cell(result))]
        case .bracket(let expression, let value, let arm):
            members = [("kind", .string("bracket")), ("expression", .string(expression)), ("value", cell(value)), ("arm", .string(arm))]
        case .noBracket(let expression, let value):
            members = [("kind", .string("no_bracket")), ("expression", .string(expression)), ("value", cell(value)), ("arm", .null)]
        case .steps(let expression, let quantity, let count, let step, let threshold, let increment, let result):
            members = [("kind", .string("steps")), ("expression", .string(expression)), ("value", cell(quantity)), ("steps", .string(count.formatted())),
                       ("step", cell(step)), ("threshold", cell(threshold)), ("increment", cell(increment)), ("result", cell(result))]
        case .yearWithoutRate(let year, let relative, let start):
            members = [("kind", .string("year_without_rate")), ("year", .int(year)), ("year_number", .int(relative)), ("first_year", .int(start))]
        case .yearShare(let year, let relative, let start, let band, let rate, let value, let share, let paid):
            members = [("kind", .string("year_share")), ("year", .int(year)), ("year_number", .int(relative)), ("first_year", .int(start)),
                       ("band", .array([.int(band.lowerBound), .int(band.upperBound)])), ("rate", .string(rate.formatted())),
                       ("value", cell(value)), ("share", cell(share)), ("paid", cell(paid))]
        case .yearlyTotal(let expression, let total):
            members = [("kind", .string("yearly_total")), ("expression", .string(expression)), ("result", cell(total))]
        case .cap(let scope, let label, let limit, let prior, let before, let applied):
            members = [("kind", .string("cap")), ("scope", .string(scope.rawValue)), ("label", label.map(JSONOut.string) ?? .null),
                       ("cap", money(limit)), ("already_received", prior.map(money) ?? .null), ("before", money(before)), ("applied", .bool(applied))]
        case .floor(let label, let floor, let before):
            members = [("kind", .string("floor")), ("label", label.map(JSONOut.string) ?? .null), ("floor", money(floor)), ("before", money(before))]
        case .rounding(let mode, let places, let unit, let from, let to):
            members = [("kind", .string("rounding")), ("mode", .string(mode.rawValue)), ("places", .int(places)), ("unit", .string(unit.name)),
                       ("before", .string(from.formatted(shiftedLeft: 4))), ("after", money(to))]
        case .schedule(let installments, let atOnce):
            members = [("kind", .string("schedule")), ("installments", self.installments(installments)),
                       ("at_once", atOnce.map(money) ?? .null)]
        case .excluded(let by, let winning, let own, let choice):
            members = [("kind", .string("excluded")), ("by", strings(by)), ("winning_amount", money(winning)), ("own_amount", money(own)), ("choice", .bool(choice))]
        case .kept(let over, let choice):
            members = [("kind", .string("kept")), ("over", .array(over.map(strings))), ("choice", .bool(choice))]
        case .precedenceExcluded(let by): members = [("kind", .string("precedence_excluded")), ("by", .string(by))]
        case .precedenceKept(let over): members = [("kind", .string("precedence_kept")), ("over", strings(over))]
        case .sharedCapNotReached(let limit, let clauses, let together):
            members = [("kind", .string("shared_cap_not_reached")), ("cap", money(limit)), ("members", strings(clauses)), ("together", money(together))]
        case .sharedCap(let limit, let clauses, let reduction, let together, let before, let after):
            members = [("kind", .string("shared_cap")), ("cap", money(limit)), ("members", strings(clauses)), ("reduction", .string(reduction.rawValue)),
                       ("together", money(together)), ("before", money(before)), ("after", money(after))]
        case .sharedCapPending(let limit, let clauses, let pending):
            members = [("kind", .string("shared_cap_pending")), ("cap", money(limit)), ("members", strings(clauses)), ("pending", strings(pending))]
        case .reducedSchedule(let installments):
            members = [("kind", .string("reduced_schedule")), ("installments", self.installments(installments))]
        case .validityNotStated(let document, let asOf):
            members = [("kind", .string("validity_not_stated")), ("document", .string(document)), ("as_of", .string(asOf.description))]
        }
        return .object(members)
    }

    static func installments(_ installments: [Installment]) -> JSONOut {
        .array(installments.map { .object([("year", .int($0.year)), ("amount", .string(EvaluationReport.wan($0.amount)))]) })
    }

    static func strings(_ values: [String]) -> JSONOut { .array(values.map(JSONOut.string)) }

    static func readings(_ readings: [Reading]) -> JSONOut {
        .array(readings.map { .object([("fact", .string($0.name)), ("value", cell($0.value))]) })
    }

    /// A value exactly: numbers as `{"number": "0.0714…", "unit": …}` (money in 万元 or 万美元),
    /// other values as JSON scalars; an unknown value is null.
    static func cell(_ value: Cell) -> JSONOut {
        switch value {
        case .bool(let truth): return .bool(truth)
        case .number(let amount, .money(let currency)):
            let (unit, shift) = MoneyUnit.display(currency)
            return .object([("number", .string(amount.formatted(shiftedLeft: shift, minimumPlaces: 2))), ("unit", .string(unit.name))])
        case .number(let number, .number(let unit)):
            return .object([("number", .string(number.formatted())), ("unit", unit.map { .string($0.text) } ?? .null)])
        case .number(let price, .price(let currency, let per)):
            return .object([("number", .string(price.formatted())), ("unit", .string("\(currency == .cny ? "元" : "美元")/\(per)"))])
        case .date(let day): return .string(day.description)
        case .text(let text): return .string(text)
        case .set(let values): return strings(values.sorted())
        case .record, .list: return .string(value.display)
        case .unknown: return .null
        }
    }
}
