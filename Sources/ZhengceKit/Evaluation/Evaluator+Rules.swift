/// The rules applied after every clause is computed, besides take-the-highest and choose-one:
/// one-way precedence (`exclusive A over { B }`) and caps shared by several clauses.
extension Evaluator {
    /// How a clause's amount is paid: `scheduled` of it by `shares`, the rest at once.
    struct Split {
        var scheduled: ExactDecimal
        var shares: [ExactDecimal]
        var rule: RoundingRule
        var location: String
    }

    /// Whether the applicant takes the clause: granted, or reported with or without an amount.
    /// A switch rather than a shared set, which threads would contend for.
    static func taken(_ status: ClauseOutcome.Status) -> Bool {
        switch status {
        case .granted, .benefit, .eligible: return true
        case .refused, .excluded, .undetermined, .notApplicable: return false
        }
    }

    // MARK: Precedence

    /// Whoever takes the first member does not also get the others: when any clause of the first
    /// member is granted or reported (with or without an amount), every clause of the others that
    /// would be is excluded.
    mutating func applyPrecedence(_ rule: CompiledExclusion) {
        guard let preferred = rule.members.first, let winner = preferred.first(where: { Evaluator.taken(outcomes[$0].status) }) else { return }
        let winnerID = program.clauses[winner].idText
        var excludedAny = false
        var excluded: [String] = []
        for member in rule.members.dropFirst() {
            for clause in member where Evaluator.taken(outcomes[clause].status) {
                touch(clause)
                outcomes[clause].status = .excluded
                outcomes[clause].granted = .zero
                outcomes[clause].excludedBy = winnerID
                outcomes[clause].excludedByPrecedence = true
                outcomes[clause].installments = []
                excludedAny = true
                if explain {
                    excluded.append(program.clauses[clause].idText)
                    outcomes[clause].trace.append(TraceStep(kind: .exclusion, text: "excluded by \(winnerID): whoever takes \(winnerID) does not also get this measure",
                                                            location: rule.location, article: rule.article, detail: .precedenceExcluded(by: winnerID)))
                }
            }
        }
        guard excludedAny else { return }
        exercise(rule.key)
        if explain {
            outcomes[winner].trace.append(TraceStep(kind: .exclusion, text: "takes precedence over \(excluded.joined(separator: ", ")), which it rules out",
                                                    location: rule.location, article: rule.article, detail: .precedenceKept(over: excluded)))
        }
    }

    // MARK: Shared caps

    /// Each shared cap in file order, after the exclusions: the granted amounts of its members
    /// together at most its limit, cut in the order written or in proportion.
    mutating func applySharedCaps() {
        // A cap without a granted member cuts nothing; the trace still notes pending members.
        for index in program.sharedCaps.indices where explain || weighs(program.exclusions.count + index) {
            applySharedCap(program.sharedCaps[index])
        }
    }

    mutating func applySharedCap(_ cap: CompiledSharedCap) {
        if explain { notePendingMembers(cap) }
        var total = ExactDecimal.zero
        for member in cap.members where outcomes[member].status == .granted {
            do {
                total = try total.adding(outcomes[member].granted)
            } catch {
                failures.append("the amounts of the shared cap at \(cap.location) overflow when \(outcomes[member].id) is added")
                return
            }
        }
        guard total > cap.limit else {
            if explain && !total.isZero {
                let detail = TraceDetail.sharedCapNotReached(limit: cap.limit, members: memberIDs(cap), together: total)
                for member in cap.members where outcomes[member].status == .granted {
                    outcomes[member].trace.append(TraceStep(kind: .cap, text: "shared cap \(cap.text) not reached: together \(money(total))",
                                                            location: cap.location, article: cap.article, detail: detail))
                }
            }
            return
        }
        exercise(cap.key)
        let reduced = cap.reduction == .inOrder ? inOrder(cap) : proportionally(cap, total)
        let kept = cap.members.first { outcomes[$0].status == .granted && !(reduced[$0] ?? .zero).isZero }
        for member in cap.members where outcomes[member].status == .granted {
            guard let amount = reduced[member] else { continue }
            let before = outcomes[member].granted
            if explain {
                let how = cap.reduction == .inOrder ? "paid in the order listed" : "every clause cut in the same proportion"
                let text = amount < before ? "shared cap \(cap.text) applies (\(how)): together \(money(total)), this clause \(money(before)) → \(money(amount))"
                    : "shared cap \(cap.text) applies (\(how)): together \(money(total)), this clause kept in full"
                let detail = TraceDetail.sharedCap(limit: cap.limit, members: memberIDs(cap), reduction: cap.reduction, together: total, before: before, after: amount)
                outcomes[member].trace.append(TraceStep(kind: .cap, text: text, location: cap.location, article: cap.article, detail: detail))
            }
            guard amount < before else { continue }
            touch(member)
            outcomes[member].granted = amount
            outcomes[member].reducedBy = cap.text
            if amount.isZero {
                outcomes[member].status = .excluded
                outcomes[member].excludedBy = kept.map { program.clauses[$0].idText }
                outcomes[member].installments = []
            } else if let split = splits[member] {
                resplit(member, amount, split)
            } else if !outcomes[member].installments.isEmpty {
                outcomes[member].installments = [Installment(year: asOf.year, amount: amount)]
            }
        }
    }

    /// A member that is still undetermined may take part of the cap once its facts are given, so
    /// the granted members say that their share is provisional.
    mutating func notePendingMembers(_ cap: CompiledSharedCap) {
        let pending = cap.members.filter { outcomes[$0].status == .undetermined }.map { program.clauses[$0].idText }
        guard !pending.isEmpty else { return }
        let detail = TraceDetail.sharedCapPending(limit: cap.limit, members: memberIDs(cap), pending: pending)
        for member in cap.members where outcomes[member].status == .granted {
            outcomes[member].trace.append(TraceStep(kind: .note, text: "shared cap \(cap.text): \(pending.joined(separator: ", ")) is undetermined; once decided it may take part of the cap",
                                                    location: cap.location, article: cap.article, detail: detail))
        }
    }

    /// The members of a shared cap by id (`mc:8a`), for the trace.
    func memberIDs(_ cap: CompiledSharedCap) -> [String] {
        cap.members.map { program.clauses[$0].idText }
    }

    /// Paid in the order written: each member from what the members before it left of the limit.
    func inOrder(_ cap: CompiledSharedCap) -> [Int: ExactDecimal] {
        var remaining = cap.limit
        var result: [Int: ExactDecimal] = [:]
        for member in cap.members where outcomes[member].status == .granted {
            let amount = min(outcomes[member].granted, remaining)
            result[member] = amount
            remaining = (try? remaining.subtracting(amount)) ?? .zero
        }
        return result
    }

    /// Every member cut by the same fraction limit / total, rounded down to its document's step;
    /// the last member takes what the rounding left, so the members together pay the limit.
    mutating func proportionally(_ cap: CompiledSharedCap, _ total: ExactDecimal) -> [Int: ExactDecimal] {
        let members = cap.members.filter { outcomes[$0].status == .granted }
        var result: [Int: ExactDecimal] = [:]
        var paid = ExactDecimal.zero
        do {
            for member in members.dropLast() {
                let rule = program.documents[program.clauses[member].document].rounding
                let share = try outcomes[member].granted.multiplied(by: cap.limit).divided(by: total)
                let amount = try rule.round(share, .down)
                result[member] = amount
                paid = try paid.adding(amount)
            }
            if let last = members.last { result[last] = min(outcomes[last].granted, try cap.limit.subtracting(paid)) }
        } catch {
            failures.append("the shared cap at \(cap.location) cannot divide its limit: arithmetic overflow")
            return [:]
        }
        return result
    }

    /// The installments of a clause a shared cap cut, from its reduced amount: the part that
    /// follows the schedule keeps up to the reduced amount; what is paid at once is cut first.
    mutating func resplit(_ member: Int, _ amount: ExactDecimal, _ split: Split) {
        do {
            outcomes[member].installments = try payout(amount, scheduled: min(split.scheduled, amount), split.shares, split.rule, split.location)
            if explain {
                let parts = outcomes[member].installments.map { "\($0.year): \(money($0.amount))" }.joined(separator: ", ")
                outcomes[member].trace.append(TraceStep(kind: .schedule, text: "paid by year from the reduced amount: \(parts)", location: split.location,
                                                        article: outcomes[member].trace.last?.article, detail: .reducedSchedule(installments: outcomes[member].installments)))
            }
        } catch {
            failures.append("\(outcomes[member].id): \(error.message) at \(error.location)")
        }
    }
}
