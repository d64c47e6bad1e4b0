extension ReportPhrases {
    static let english = ReportPhrases(
        applicant: { name, asOf in "Applicant \(name ?? "(unnamed)") · evaluated on \(asOf)" },
        summary: "Summary",
        columns: ["Document", "Clause", "Title", "Result", "Amount"],
        statuses: [
            .granted: "granted", .refused: "not met", .excluded: "excluded", .undetermined: "facts missing",
            .benefit: "available", .eligible: "eligible (no amount set)", .notApplicable: "not applicable",
        ],
        notInForce: "not in force",
        notEligible: "not within the document's scope",
        eligibilityUndecided: "scope undecided",
        documentTotal: "Subtotal",
        total: "Total",
        explanations: "Clause by clause",
        benefits: "Support available (no amount)",
        replacedBy: { "replaced by \($0)" },
        installments: "Paid by year",
        year: { "\($0)" },
        excludedNote: "Excluded (highest only, no double benefit)",
        precedenceExcluded: "excluded by precedence",
        precedenceNote: "Excluded by precedence",
        capUsedUp: "shared cap used up",
        capUsedUpNote: "Left nothing by a shared cap",
        cutFrom: { "cut by a shared cap from \($0)" },
        validityNotStated: "validity not stated",
        validityNotStatedNote: "Validity: not stated in the source; taken as in force",
        pleaseProvide: "Please provide",
        missingQuestion: { fact, label in label.map { "What is \($0) (\(fact))?" } ?? "What is \(fact)?" },
        yes: "yes", no: "no", about: "≈", listSeparator: ", ", colon: ": ",
        quoted: { "\"\($0)\"" },
        aside: { " (\($0))" },
        step: englishStep,
        htmlLanguage: "en",
        htmlTitle: "Policy evaluation report",
        htmlDetails: "Why"
    )

    @Sendable static func englishStep(_ detail: TraceDetail, _ v: ReportValues) -> String {
        func failed(_ f: FailedCondition) -> String {
            (f.label.map { "\($0): " } ?? "") + "\(v.code(f.expression)) is false" + v.readings(f.readings)
        }
        func list(_ cells: [Cell]) -> String { cells.map(v.cell).joined(separator: ", ") }
        switch detail {
        case .notInForce(_, let asOf, let validity):
            return "\(asOf) is outside the document's validity (\(englishValidity(validity)))"
        case .survivesExpiry(let document): return "document \(document) has expired, but this clause may still be cashed after expiry"
        case .notEligible(let f): return "not within scope: " + failed(f)
        case .eligibilityNeeds(let facts): return "scope undecided, missing: " + facts.joined(separator: ", ")
        case .doesNotApply(let expression, let readings): return "does not apply: \(v.code(expression)) is false" + v.readings(readings)
        case .holds(let expression, let readings): return "holds: \(v.code(expression))" + v.readings(readings)
        case .undecided(let expression, let needs): return "undecided: \(v.code(expression)) needs " + needs.joined(separator: ", ")
        case .fails(let f): return "fails: " + failed(f)
        case .benefit: return "eligible for this support measure (no amount)"
        case .eligibleWithoutAmount: return "eligible; the document promises money but sets no amount"
        case .amountNeeds(let facts): return "amount needs " + facts.joined(separator: ", ")
        case .amountIsZero: return "the amount comes to zero, so nothing is granted"
        case .failed(let message, let at): return "evaluation failed: \(message) at \(at)"
        case .local(let name, let expression, let value, let label):
            return "\(name)\(label.map { " (\($0))" } ?? "") = \(v.code(expression)) = \(v.cell(value))"
        case .clauseAmount(let clause, let amount, let status):
            return "amount of \(clause): \(v.money(amount)) (\(english.statuses[status] ?? status.rawValue))"
        case .amount(let expression, let value, let readings):
            return "amount = \(v.code(expression)) = \(v.money(value))" + v.readings(readings)
        case .extremum(let function, let inputs, let result):
            return "\(function == "min" ? "the smaller" : "the larger") of \(list(inputs)): \(v.cell(result))"
        case .clamp(let value, let low, let high, let result):
            return "kept between \(v.cell(low)) and \(v.cell(high)): \(v.cell(value)) → \(v.cell(result))"
        case .aggregate(let function, let counted, let items, let expression, let values, let result):
            return "\(function) over \(counted) of \(items) item\(items == 1 ? "" : "s") of \(v.code(expression)): \(list(values)) → \(v.cell(result))"
        case .bracket(let expression, let value, let arm): return "\(v.code(expression)) = \(v.cell(value)) falls in \(arm)"
        case .noBracket(let expression, let value): return "\(v.code(expression)) = \(v.cell(value)) falls in no bracket; the amount is zero"
        case .steps(let expression, let quantity, let count, let step, let threshold, let increment, let result):
            return "\(v.code(expression)) = \(v.cell(quantity)) holds \(count.formatted()) full step\(count == .one ? "" : "s") of \(v.cell(step)) above \(v.cell(threshold)): "
                + "\(count.formatted()) × \(v.cell(increment)) = \(v.cell(result))"
        case .yearWithoutRate(let year, let relative, let start):
            return relative < 1 ? "\(year) is before year 1 (\(start)): not counted" : "\(year) is year \(relative) from \(start): no rate for it"
        case .yearShare(let year, let relative, let start, let band, let rate, let value, let share, let paid):
            let held = paid == share ? "" : ", held to \(v.cell(paid)) a year"
            return "\(year) is year \(relative) from \(start) (years \(band.lowerBound)–\(band.upperBound)): \(v.percent(rate)) × \(v.cell(value)) = \(v.cell(share))\(held)"
        case .yearlyTotal(let expression, let total): return "by year over \(v.code(expression)): \(v.cell(total)) in all"
        case .cap(let scope, let label, let limit, let prior, let before, let applied):
            let name = "cap \(label ?? scope.rawValue) \(v.money(limit))" + (prior.map { ", less \(v.money($0)) already received" } ?? "")
            return applied ? "\(name) applies: \(v.money(before)) → \(v.money(limit))" : "\(name) not reached"
        case .floor(let label, let floor, let before):
            return "floor\(label.map { " \($0)" } ?? "") \(v.money(floor)) applies: \(v.money(before)) → \(v.money(floor))"
        case .rounding(let mode, let places, let unit, let from, let to):
            return "rounded \(mode.rawValue) to \(places) places in \(unit.name): \(v.money(from)) → \(v.money(to))"
        case .schedule(let installments, let atOnce):
            guard !installments.isEmpty else { return "paid at once: no part of the amount follows the schedule" }
            return "paid by year: " + installments.map { "\($0.year): \(v.money($0.amount))" }.joined(separator: ", ")
                + (atOnce.map { " (\(v.money($0)) of it at once, in the first year)" } ?? "")
        case .excluded(let by, let winning, let own, let choice):
            let winner = by.joined(separator: " + ")
            return choice ? "the applicant may choose one; recommended: \(winner) (\(v.money(winning)) against \(v.money(own)))"
                : "excluded by \(winner) (\(v.money(winning)) against \(v.money(own))): highest only, no double benefit"
        case .kept(let over, let choice):
            let others = over.map { $0.joined(separator: " + ") }.joined(separator: ", ")
            return choice ? "recommended over \(others); the applicant may choose one" : "kept over \(others): highest only, no double benefit"
        case .precedenceExcluded(let by): return "excluded by \(by): whoever takes \(by) does not also get this measure"
        case .precedenceKept(let over): return "takes precedence over \(over.joined(separator: ", ")), which it rules out"
        case .sharedCapNotReached(let limit, let members, let together):
            return "shared cap \(v.money(limit)) over \(members.joined(separator: " + ")) not reached: together \(v.money(together))"
        case .sharedCap(let limit, let members, let reduction, let together, let before, let after):
            let how = reduction == .inOrder ? "paid in the order listed" : "every clause cut in the same proportion"
            let own = after < before ? "this clause \(v.money(before)) → \(v.money(after))" : "this clause kept in full"
            return "shared cap \(v.money(limit)) over \(members.joined(separator: " + ")) applies (\(how)): together \(v.money(together)), \(own)"
        case .sharedCapPending(let limit, let members, let pending):
            return "shared cap \(v.money(limit)) over \(members.joined(separator: " + ")): \(pending.joined(separator: ", ")) undetermined; "
                + "once decided it may take part of the cap, so this amount is provisional"
        case .reducedSchedule(let installments):
            return "paid by year from the reduced amount: " + installments.map { "\($0.year): \(v.money($0.amount))" }.joined(separator: ", ")
        case .validityNotStated(let document, let asOf): return "document \(document) states no validity; it is taken as in force on \(asOf)"
        }
    }

    static func englishValidity(_ validity: Validity) -> String {
        let start = validity.start.map(\.description) ?? "…"
        switch validity.end {
        case .open: return "from \(start), open-ended"
        case .until(let end): return "\(start) to \(end)"
        case .years(let years): return "\(years) years from \(start)"
        }
    }
}
