/// The facts of one applicant, read against the declared fact types.
public struct Applicant: Sendable {
    public var name: String?
    public var asOf: Day?
    public var facts: [String: Value]
    /// Amounts already received under cumulative caps, by full clause id.
    public var priorReceived: [String: ExactDecimal]
    public var warnings: [String] = []
    /// The same warnings with their places in the input, for printing like compiler warnings.
    public var notices: [Diagnostic] = []

    public init(name: String? = nil, asOf: Day? = nil, facts: [String: Value] = [:], priorReceived: [String: ExactDecimal] = [:]) {
        self.name = name
        self.asOf = asOf
        self.facts = facts
        self.priorReceived = priorReceived
    }
}

/// Facts an expression needed and the applicant did not give.
struct MissingFacts: Error {
    var paths: Set<String>
}

/// An evaluation that cannot go on: overflow, division by zero, a value of the wrong shape.
public struct EvaluationFailure: Error, Sendable {
    public var message: String
    public var location: String
}

/// Evaluates a checked program against one applicant.
public struct Interpreter {
    let program: Program
    let applicant: Applicant
    let asOf: Day
    var outcomes: [String: ClauseOutcome] = [:]
    var trace: [TraceStep] = []
    var locals: [String: Value] = [:]
    /// The clause's own `let` definitions, evaluated when first needed (a condition may use one).
    var pendingLocals: [String: Definition] = [:]
    var exercised: Set<String> = []
    var document: Document!
    var clause: Clause?

    public static func evaluate(_ program: Program, _ applicant: Applicant, asOf: Day) -> Evaluation {
        var interpreter = Interpreter(program: program, applicant: applicant, asOf: asOf)
        return interpreter.run()
    }

    init(program: Program, applicant: Applicant, asOf: Day) {
        self.program = program
        self.applicant = applicant
        self.asOf = asOf
    }

    mutating func run() -> Evaluation {
        var documentOutcomes: [String: DocumentOutcome] = [:]
        for document in program.documents { documentOutcomes[document.id] = assess(document) }
        for id in program.evaluationOrder {
            guard let clause = program.clauses[id], let documentOutcome = documentOutcomes[clause.document] else { continue }
            outcomes[id] = evaluate(clause, documentOutcome)
        }
        applyExclusions()
        var ordered: [ClauseOutcome] = []
        var grand = ExactDecimal.zero
        var documents: [DocumentOutcome] = []
        for document in program.documents {
            var outcome = documentOutcomes[document.id]!
            var total = ExactDecimal.zero
            for id in document.clauseIDs {
                guard let clause = outcomes[id] else { continue }
                ordered.append(clause)
                total = (try? total.adding(clause.granted)) ?? total
            }
            outcome.total = total
            grand = (try? grand.adding(total)) ?? grand
            documents.append(outcome)
        }
        for outcome in ordered where outcome.status == .granted || outcome.status == .excluded || outcome.status == .benefit || outcome.status == .eligible {
            exercised.insert(CoverageItem.key(.clause, outcome.id))
        }
        var evaluation = Evaluation(applicant: applicant.name, asOf: asOf, documents: documents, clauses: ordered, total: grand, warnings: applicant.warnings)
        evaluation.exercised = exercised
        return evaluation
    }

    // MARK: Documents

    mutating func assess(_ document: Document) -> DocumentOutcome {
        self.document = document
        self.clause = nil
        let validity = Interpreter.describe(document.validity)
        var outcome = DocumentOutcome(id: document.id, number: document.number, title: document.title,
                                      inForce: document.validity.contains(asOf), validity: validity, eligible: true, total: .zero)
        if !outcome.inForce { outcome.reasons.append("not in force on \(asOf) (valid \(validity))") }
        var missing: Set<String> = []
        for condition in document.header.eligibility {
            trace = []
            do {
                if try !truth(condition.expression) {
                    outcome.eligible = false
                    outcome.reasons.append("not eligible: \(explainFailure(condition))")
                }
            } catch let error as MissingFacts {
                missing.formUnion(error.paths)
            } catch {
                outcome.reasons.append("eligibility could not be evaluated: \(error)")
            }
        }
        if outcome.eligible == true && !missing.isEmpty {
            outcome.eligible = nil
            outcome.missingFacts = missing.sorted()
            outcome.reasons.append("eligibility undecided: missing \(missing.sorted().joined(separator: ", "))")
        }
        return outcome
    }

    static func describe(_ validity: Validity) -> String {
        let from = validity.start.map { "from \($0)" } ?? "from publication"
        let until = validity.lastDay.map { " until \($0)" } ?? " with no end date"
        return from + until
    }

    // MARK: Clauses

    mutating func evaluate(_ clause: Clause, _ documentOutcome: DocumentOutcome) -> ClauseOutcome {
        document = program.document(clause.document)
        self.clause = clause
        trace = []
        locals = [:]
        pendingLocals = [:]
        for case .local(let definition) in clause.declaration.statements { pendingLocals[definition.name.value] = definition }
        var outcome = ClauseOutcome(id: clause.id, document: clause.document, kind: clause.kind, status: .refused,
                                    amount: .zero, granted: .zero)
        let article = clause.article
        func step(_ kind: TraceStep.Kind, _ text: String, _ span: Span? = nil) {
            trace.append(TraceStep(kind: kind, text: text, location: span?.location, article: article))
        }
        func finish(_ status: ClauseOutcome.Status, amount: ExactDecimal?) -> ClauseOutcome {
            outcome.status = status
            outcome.amount = amount
            outcome.granted = status == .granted ? (amount ?? .zero) : .zero
            outcome.trace = trace
            return outcome
        }
        let noAmount: ExactDecimal? = clause.kind == .benefit || clause.kind == .noAmount ? nil : .zero

        if !documentOutcome.inForce && !(clause.survivesExpiry && (document.validity.start.map { asOf >= $0 } ?? true)) {
            step(.validity, "document \(document.id) is not in force on \(asOf) (valid \(documentOutcome.validity))", document.header.validity?.span)
            return finish(.refused, amount: noAmount)
        }
        if !documentOutcome.inForce {
            step(.validity, "document \(document.id) expired, but this clause may still be cashed after expiry", clause.declaration.span)
        }
        if documentOutcome.eligible == false {
            for reason in documentOutcome.reasons where reason.hasPrefix("not eligible") { step(.eligibility, reason, document.header.span) }
            return finish(.refused, amount: noAmount)
        }
        if documentOutcome.eligible == nil {
            outcome.missingFacts = documentOutcome.missingFacts
            step(.eligibility, "document eligibility needs \(documentOutcome.missingFacts.joined(separator: ", "))", document.header.span)
            return finish(.undetermined, amount: nil)
        }

        var missing: Set<String> = []
        var refused = false
        do {
            conditions: for statement in clause.declaration.statements {
                switch statement {
                case .applies(let expression):
                    do {
                        if try !truth(expression) {
                            step(.applies, "does not apply: `\(source(expression))` is false\(valuesNote(expression))", expression.span)
                            return finish(.notApplicable, amount: noAmount)
                        }
                    } catch let error as MissingFacts {
                        missing.formUnion(error.paths)
                    }
                case .when(let condition):
                    do {
                        if try truth(condition.expression) {
                            step(.condition, "holds: `\(source(condition.expression))`\(valuesNote(condition.expression))", condition.expression.span)
                        } else {
                            step(.condition, "fails: \(explainFailure(condition))", condition.expression.span)
                            refused = true
                            break conditions
                        }
                    } catch let error as MissingFacts {
                        missing.formUnion(error.paths)
                        step(.condition, "undecided: `\(source(condition.expression))` needs \(error.paths.sorted().joined(separator: ", "))", condition.expression.span)
                    }
                default: continue
                }
            }
            if refused { return finish(.refused, amount: noAmount) }
            if !missing.isEmpty {
                outcome.missingFacts = missing.sorted()
                return finish(.undetermined, amount: nil)
            }
            switch clause.kind {
            case .benefit:
                step(.note, "eligible for this support measure (no amount)", clause.declaration.span)
                return finish(.benefit, amount: nil)
            case .noAmount:
                step(.note, "eligible; the document promises money but sets no amount", clause.declaration.span)
                return finish(.eligible, amount: nil)
            case .monetary, .assessed:
                let amount = try computeAmount(clause, &outcome)
                if amount.isZero || amount.isNegative {
                    step(.amount, "the amount comes to 0.00万元, so nothing is granted", clause.declaration.span)
                    return finish(.refused, amount: .zero)
                }
                return finish(.granted, amount: amount)
            }
        } catch let error as MissingFacts {
            outcome.missingFacts = error.paths.sorted()
            step(.amount, "amount needs \(outcome.missingFacts.joined(separator: ", "))", clause.declaration.span)
            return finish(.undetermined, amount: nil)
        } catch let failure as EvaluationFailure {
            step(.amount, "evaluation failed: \(failure.message) at \(failure.location)", clause.declaration.span)
            outcome.missingFacts = []
            return finish(.undetermined, amount: nil)
        } catch {
            return finish(.undetermined, amount: nil)
        }
    }

    /// Runs `let`, `amount`, `cap`, `floor` and `schedule` in the order written; rounds once.
    mutating func computeAmount(_ clause: Clause, _ outcome: inout ClauseOutcome) throws -> ExactDecimal {
        var amount = ExactDecimal.zero
        var schedule: Located<ScheduleSyntax>?
        var portion: ExprNode?
        let article = clause.article
        for statement in clause.declaration.statements {
            switch statement {
            case .local(let definition):
                _ = try local(definition)
            case .amount(let expression), .assessed(let expression):
                amount = try money(expression)
                trace.append(TraceStep(kind: .amount, text: "amount = `\(source(expression))` = \(Value.displayMoney(amount, .cny))\(valuesNote(expression))",
                                       location: expression.span.location, article: article))
            case .cap(let expression, let scope, let label):
                var limit = try money(expression)
                var note = ""
                if scope == .cumulative {
                    let prior = applicant.priorReceived[clause.id] ?? .zero
                    limit = max(.zero, try limit.subtracting(prior))
                    note = ", less \(Value.displayMoney(prior, .cny)) already received"
                }
                let scopeText = label ?? scope.rawValue
                if amount > limit {
                    exercised.insert(CoverageItem.key(.cap, expression.span))
                    trace.append(TraceStep(kind: .cap, text: "cap \(scopeText) \(Value.displayMoney(limit, .cny))\(note) applies: \(Value.displayMoney(amount, .cny)) → \(Value.displayMoney(limit, .cny))",
                                           location: expression.span.location, article: article))
                    amount = limit
                } else {
                    trace.append(TraceStep(kind: .cap, text: "cap \(scopeText) \(Value.displayMoney(limit, .cny))\(note) not reached",
                                           location: expression.span.location, article: article))
                }
            case .floor(let expression, let label):
                let floor = try money(expression)
                if amount < floor && amount > .zero {
                    exercised.insert(CoverageItem.key(.floor, expression.span))
                    trace.append(TraceStep(kind: .floor, text: "floor\(label.map { " \($0)" } ?? "") \(Value.displayMoney(floor, .cny)) applies: \(Value.displayMoney(amount, .cny)) → \(Value.displayMoney(floor, .cny))",
                                           location: expression.span.location, article: article))
                    amount = floor
                }
            case .schedule(let syntax, let condition, let part):
                if let condition, try !truth(condition) { continue }
                schedule = syntax
                portion = part
            default: continue
            }
        }
        let rule = document.rounding
        let inUnit = try amount.divided(by: rule.unit.factor)
        let rounded = try inUnit.rounded(toPlaces: rule.places, rule.mode)
        if rounded != inUnit {
            trace.append(TraceStep(kind: .rounding, text: "rounded \(rule.mode.rawValue) to \(rule.places) places: \(inUnit.formatted())\(rule.unit.name) → \(rounded.formatted(minimumPlaces: rule.places))\(rule.unit.name)",
                                   location: nil, article: article))
        }
        let result = try rounded.multiplied(by: rule.unit.factor)
        if let schedule, result > .zero {
            // Only `portion` of the amount follows the schedule; the rest is paid at once.
            var scheduled = result
            if let portion {
                let part = try money(portion).divided(by: rule.unit.factor).rounded(toPlaces: rule.places, rule.mode).multiplied(by: rule.unit.factor)
                scheduled = min(max(part, .zero), result)
            }
            outcome.installments = scheduled.isZero ? [] : try installments(scheduled, schedule, rule)
            if !outcome.installments.isEmpty, scheduled < result {
                outcome.installments[0].amount = try outcome.installments[0].amount.adding(result.subtracting(scheduled))
            }
            let parts = outcome.installments.map { "\($0.year): \(Value.displayMoney($0.amount, .cny))" }.joined(separator: ", ")
            let text = parts.isEmpty ? "paid at once: no part of the amount follows the schedule" : "paid by year: \(parts)"
                + (scheduled < result && !parts.isEmpty ? " (\(Value.displayMoney(try result.subtracting(scheduled), .cny)) of it at once, in the first year)" : "")
            trace.append(TraceStep(kind: .schedule, text: text, location: schedule.span.location, article: article))
        }
        return result
    }

    /// Splits an amount by a schedule, rounding each part; the last part takes the remainder.
    mutating func installments(_ amount: ExactDecimal, _ schedule: Located<ScheduleSyntax>, _ rule: RoundingRule) throws -> [Installment] {
        var shares: [ExactDecimal] = []
        switch schedule.value {
        case .equal(let count):
            let part = try ExactDecimal.one.divided(by: ExactDecimal(count))
            shares = Array(repeating: part, count: count)
        case .shares(let nodes):
            for node in nodes {
                guard case .number(let value, _) = try evaluate(node) else { continue }
                shares.append(value)
            }
        }
        var result: [Installment] = []
        var paid = ExactDecimal.zero
        for (index, share) in shares.enumerated() {
            let value: ExactDecimal
            if index == shares.count - 1 {
                value = try amount.subtracting(paid)
            } else {
                let raw = try amount.multiplied(by: share).divided(by: rule.unit.factor)
                value = try raw.rounded(toPlaces: rule.places, rule.mode).multiplied(by: rule.unit.factor)
            }
            paid = try paid.adding(value)
            result.append(Installment(year: asOf.year + index, amount: value))
        }
        return result
    }

    // MARK: Exclusions

    mutating func applyExclusions() {
        for exclusion in program.exclusions {
            var candidates: [(index: Int, ids: [String], value: ExactDecimal)] = []
            for (index, member) in exclusion.members.enumerated() {
                let granted = member.compactMap { outcomes[$0] }.filter { $0.status == .granted }
                guard !granted.isEmpty else { continue }
                let value = granted.reduce(ExactDecimal.zero) { (try? $0.adding($1.granted)) ?? $0 }
                candidates.append((index, member, value))
            }
            guard candidates.count >= 2 else { continue }
            exercised.insert(CoverageItem.key(.exclusion, exclusion.declaration.span))
            var winner = candidates[0]
            for candidate in candidates.dropFirst() {
                if candidate.value > winner.value || (candidate.value == winner.value && exclusion.tie == .last) { winner = candidate }
            }
            let winnerID = winner.ids.first { outcomes[$0]?.status == .granted } ?? winner.ids[0]
            let verb = exclusion.mode == .choice ? "the applicant may choose one; recommended" : "take the highest, no double benefit"
            let location = exclusion.declaration.span.location
            for candidate in candidates where candidate.index != winner.index {
                for id in candidate.ids {
                    guard var outcome = outcomes[id], outcome.status == .granted else { continue }
                    outcome.status = .excluded
                    outcome.granted = .zero
                    outcome.excludedBy = winnerID
                    outcome.installments = []
                    outcome.trace.append(TraceStep(kind: .exclusion,
                                                   text: "excluded by \(winner.ids.joined(separator: " + ")) (\(Value.displayMoney(winner.value, .cny)) against \(Value.displayMoney(candidate.value, .cny))): \(verb)",
                                                   location: location, article: exclusion.article))
                    outcomes[id] = outcome
                }
            }
            for id in winner.ids {
                outcomes[id]?.trace.append(TraceStep(kind: .exclusion,
                                                     text: "kept over \(candidates.filter { $0.index != winner.index }.map { $0.ids.joined(separator: " + ") }.joined(separator: ", ")): \(verb)",
                                                     location: location, article: exclusion.article))
            }
        }
    }
}
