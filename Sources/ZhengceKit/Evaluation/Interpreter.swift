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
    private var outcomes: [String: ClauseOutcome] = [:]
    private var trace: [TraceStep] = []
    private var locals: [String: Value] = [:]
    /// The clause's own `let` definitions, evaluated when first needed (a condition may use one).
    private var pendingLocals: [String: Definition] = [:]
    private var exercised: Set<String> = []
    private var document: Document!
    private var clause: Clause?

    public static func evaluate(_ program: Program, _ applicant: Applicant, asOf: Day) -> Evaluation {
        var interpreter = Interpreter(program: program, applicant: applicant, asOf: asOf)
        return interpreter.run()
    }

    init(program: Program, applicant: Applicant, asOf: Day) {
        self.program = program
        self.applicant = applicant
        self.asOf = asOf
    }

    private mutating func run() -> Evaluation {
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

    private mutating func assess(_ document: Document) -> DocumentOutcome {
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

    private mutating func evaluate(_ clause: Clause, _ documentOutcome: DocumentOutcome) -> ClauseOutcome {
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
    private mutating func computeAmount(_ clause: Clause, _ outcome: inout ClauseOutcome) throws -> ExactDecimal {
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
    private mutating func installments(_ amount: ExactDecimal, _ schedule: Located<ScheduleSyntax>, _ rule: RoundingRule) throws -> [Installment] {
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

    private mutating func applyExclusions() {
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

    // MARK: Expressions

    private mutating func truth(_ node: ExprNode) throws -> Bool {
        guard case .bool(let value) = try evaluate(node) else { throw failure("expected a condition", node) }
        return value
    }

    private mutating func money(_ node: ExprNode) throws -> ExactDecimal {
        guard case .number(let value, _) = try evaluate(node) else { throw failure("expected an amount", node) }
        return value
    }

    private func failure(_ message: String, _ node: ExprNode) -> EvaluationFailure {
        EvaluationFailure(message: message, location: node.span.location)
    }

    private func arithmetic<T>(_ node: ExprNode, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch ArithmeticError.overflow {
            throw failure("arithmetic overflow in `\(source(node))`", node)
        } catch ArithmeticError.divisionByZero {
            throw failure("division by zero in `\(source(node))`", node)
        }
    }

    mutating func evaluate(_ node: ExprNode) throws -> Value {
        switch node.value {
        case .error: throw failure("the expression has an error", node)
        case .number(let value, let dimension, _): return .number(value, dimension)
        case .bool(let value): return .bool(value)
        case .date(let day): return .date(day)
        case .text(let text): return .text(text)
        case .name(let name): return try lookup(name, node)
        case .field(let base, let name):
            guard case .record(let record) = try evaluate(base) else { throw failure("`.\(name)` needs a record", node) }
            if let value = record.fields[name] { return value }
            throw MissingFacts(paths: ["\(record.path).\(name)"])
        case .index(let base, let index):
            guard case .list(let items) = try evaluate(base), case .number(let position, _) = try evaluate(index),
                  let offset = position.exactInt else { throw failure("indexing needs a list and a whole number", node) }
            guard offset >= 1, offset <= items.count else { throw MissingFacts(paths: ["\(source(base))[\(offset)]"]) }
            return items[offset - 1]
        case .negate(let operand):
            guard case .number(let value, let dimension) = try evaluate(operand) else { throw failure("`-` needs a number", node) }
            return .number(value.negated(), dimension)
        case .not(let operand):
            return .bool(try !truth(operand))
        case .binary(let op, let left, let right): return try binary(op, left, right, node)
        case .conditional(let then, let condition, let otherwise):
            return try truth(condition) ? evaluate(then) : evaluate(otherwise)
        case .call(let name, let arguments): return try call(name.value, arguments, node)
        case .clauseAmount(let ref):
            let id = "\(ref.value.document ?? document.id):\(ref.value.label)"
            guard let outcome = outcomes[id] else { return .money(.zero) }
            if outcome.status == .undetermined, outcome.amount == nil { throw MissingFacts(paths: Set(outcome.missingFacts)) }
            let amount = outcome.status == .granted ? (outcome.amount ?? .zero) : .zero
            trace.append(TraceStep(kind: .value, text: "amount(\(id)) = \(Value.displayMoney(amount, .cny)) (\(outcome.status.rawValue))",
                                   location: node.span.location, article: clause?.article))
            return .money(amount)
        case .aggregate(let kind, let variable, let source, let filter, let body):
            return try aggregate(kind, variable.value, source, filter, body, node)
        case .brackets(let subject, let arms, let otherwise):
            return try brackets(subject, arms, otherwise, node)
        case .setLiteral(let items):
            var values: Set<String> = []
            for item in items {
                if case .text(let text) = try evaluate(item) { values.insert(text) }
            }
            return .set(values)
        case .membership(let element, let set, let negated):
            let value = try evaluate(element)
            let container = try evaluate(set)
            let contained: Bool
            switch (value, container) {
            case (.text(let text), .set(let values)): contained = values.contains(text)
            case (.set(let inner), .set(let values)): contained = !inner.isDisjoint(with: values)
            default: throw failure("`in` needs a choice and a set", node)
            }
            return .bool(contained != negated)
        case .presence(let operand, let test):
            let value: Value?
            do {
                value = try evaluate(operand)
            } catch is MissingFacts {
                value = nil
            }
            switch test {
            case .present: return .bool(value != nil)
            case .absent: return .bool(value == nil)
            case .empty, .notEmpty:
                var empty = true
                switch value {
                case .list(let items)?: empty = items.isEmpty
                case .set(let values)?: empty = values.isEmpty
                case .some: empty = false
                case nil: empty = true
                }
                return .bool(test == .empty ? empty : !empty)
            }
        }
    }

    /// Evaluates a clause's `let` once and records it in the trace.
    private mutating func local(_ definition: Definition) throws -> Value {
        if let value = locals[definition.name.value] { return value }
        let value = try evaluate(definition.expression)
        locals[definition.name.value] = value
        trace.append(TraceStep(kind: .value, text: "\(definition.name.value) = `\(source(definition.expression))` = \(value.display)\(definition.label.map { " (\($0))" } ?? "")",
                               location: definition.expression.span.location, article: clause?.article))
        return value
    }

    private mutating func lookup(_ name: String, _ node: ExprNode) throws -> Value {
        if let value = locals[name] { return value }
        if let definition = pendingLocals[name] { return try local(definition) }
        if let value = applicant.facts[name] { return value }
        if let fact = document.facts[name] {
            if let value = fact.defaultValue ?? fact.type.absentDefault { return value }
            throw MissingFacts(paths: [name])
        }
        if let definition = document.definitions[name] { return try evaluate(definition.expression) }
        if name == "as_of" { return .date(asOf) }
        if name == "prior_received" { return .money(clause.flatMap { applicant.priorReceived[$0.id] } ?? .zero) }
        throw failure("unknown name `\(name)`", node)
    }

    private mutating func binary(_ op: BinaryOperator, _ left: ExprNode, _ right: ExprNode, _ node: ExprNode) throws -> Value {
        switch op {
        case .and, .or:
            // Three-valued: false and unknown is false; true or unknown is true.
            var pending: MissingFacts?
            for side in [left, right] {
                do {
                    let value = try truth(side)
                    if op == .and && !value { return .bool(false) }
                    if op == .or && value { return .bool(true) }
                } catch let missing as MissingFacts {
                    pending = MissingFacts(paths: (pending?.paths ?? []).union(missing.paths))
                }
            }
            if let pending { throw pending }
            return .bool(op == .and)
        case .coalesce:
            do {
                return try evaluate(left)
            } catch is MissingFacts {
                return try evaluate(right)
            }
        default: break
        }
        let a = try evaluate(left)
        let b = try evaluate(right)
        switch (a, b) {
        case (.number(let x, let dx), .number(let y, let dy)):
            return try arithmetic(node) {
                switch op {
                case .add: return .number(try x.adding(y), dx)
                case .subtract: return .number(try x.subtracting(y), dx)
                case .multiply: return .number(try x.multiplied(by: y), dx.isMoney ? dx : dy)
                case .divide: return .number(try x.divided(by: y), dx == dy ? .plain : dx)
                default:
                    guard let result = Interpreter.compare(op, x, y) else { throw failure("unsupported operator", node) }
                    return .bool(result)
                }
            }
        case (.date(let x), .date(let y)):
            guard let result = Interpreter.compare(op, x, y) else { throw failure("dates can only be compared", node) }
            return .bool(result)
        default:
            switch op {
            case .equal: return .bool(a == b)
            case .notEqual: return .bool(a != b)
            default: throw failure("`\(op.rawValue)` needs numbers", node)
            }
        }
    }

    /// The comparison operators on any ordered values; nil for other operators.
    static func compare<T: Comparable>(_ op: BinaryOperator, _ x: T, _ y: T) -> Bool? {
        switch op {
        case .less: return x < y
        case .lessEqual: return x <= y
        case .greater: return x > y
        case .greaterEqual: return x >= y
        case .equal: return x == y
        case .notEqual: return x != y
        default: return nil
        }
    }

    private mutating func call(_ name: String, _ arguments: [ExprNode], _ node: ExprNode) throws -> Value {
        let values = try arguments.map { try evaluate($0) }
        func number(_ index: Int) throws -> (ExactDecimal, Dimension) {
            guard case .number(let value, let dimension) = values[index] else { throw failure("`\(name)` needs numbers", node) }
            return (value, dimension)
        }
        switch name {
        case "min", "max":
            var numbers: [(ExactDecimal, Dimension)] = []
            if values.count == 1, case .list(let items) = values[0] {
                for item in items { if case .number(let v, let d) = item { numbers.append((v, d)) } }
                guard let first = numbers.first else { return .number(.zero, .plain) }
                _ = first
            } else {
                numbers = try values.indices.map(number)
            }
            let chosen = name == "min" ? numbers.min { $0.0 < $1.0 }! : numbers.max { $0.0 < $1.0 }!
            if numbers.count > 1 {
                trace.append(TraceStep(kind: .cap, text: "\(name)(\(numbers.map { Value.number($0.0, $0.1).display }.joined(separator: ", "))) = \(Value.number(chosen.0, chosen.1).display)",
                                       location: node.span.location, article: clause?.article))
            }
            return .number(chosen.0, chosen.1)
        case "clamp":
            let (x, d) = try number(0)
            let (low, _) = try number(1)
            let (high, _) = try number(2)
            let result = min(max(x, low), high)
            if result != x {
                trace.append(TraceStep(kind: .cap, text: "clamp(\(Value.number(x, d).display)) to [\(Value.number(low, d).display), \(Value.number(high, d).display)] = \(Value.number(result, d).display)",
                                       location: node.span.location, article: clause?.article))
            }
            return .number(result, d)
        case "add_years":
            guard case .date(let day) = values[0], let (count, _) = try? number(1), let years = count.exactInt else {
                throw failure("`add_years` needs a date and a whole number of years", node)
            }
            return .date(day.addingYears(years))
        case "year":
            guard case .date(let day) = values[0] else { throw failure("`year` needs a date", node) }
            return .number(ExactDecimal(day.year), .plain)
        case "count":
            switch values[0] {
            case .list(let items): return .number(ExactDecimal(items.count), .plain)
            case .set(let items): return .number(ExactDecimal(items.count), .plain)
            default: throw failure("`count` needs a list", node)
            }
        case "sum":
            guard case .list(let items) = values[0] else { throw failure("`sum` needs a list", node) }
            var total = ExactDecimal.zero
            var dimension = Dimension.plain
            for case .number(let value, let d) in items {
                total = try arithmetic(node) { try total.adding(value) }
                dimension = d
            }
            return .number(total, dimension)
        case "take":
            guard case .list(let items) = values[0], let (count, _) = try? number(1), let n = count.exactInt else {
                throw failure("`take` needs a list and a whole number", node)
            }
            return .list(Array(items.prefix(max(0, n))))
        case "prior":
            return .money(clause.flatMap { applicant.priorReceived[$0.id] } ?? .zero)
        default:
            throw failure("unknown function `\(name)`", node)
        }
    }

    private mutating func aggregate(_ kind: AggregateKind, _ variable: String, _ source: ExprNode, _ filter: ExprNode?, _ body: ExprNode?, _ node: ExprNode) throws -> Value {
        guard case .list(let items) = try evaluate(source) else { throw failure("`\(kind.rawValue)` needs a list", node) }
        let saved = locals[variable]
        defer { locals[variable] = saved }
        var selected: [Value] = []
        var results: [Value] = []
        for item in items {
            locals[variable] = item
            if let filter, try !truth(filter) { continue }
            selected.append(item)
            if let body { results.append(try evaluate(body)) } else { results.append(item) }
        }
        switch kind {
        case .count: return .number(ExactDecimal(selected.count), .plain)
        case .any: return .bool(try results.contains { if case .bool(let b) = $0 { return b }; throw failure("`any` needs conditions", node) })
        case .all: return .bool(try results.allSatisfy { if case .bool(let b) = $0 { return b }; throw failure("`all` needs conditions", node) })
        case .sum, .max, .min:
            var numbers: [(ExactDecimal, Dimension)] = []
            for case .number(let value, let dimension) in results { numbers.append((value, dimension)) }
            let dimension = numbers.first?.1 ?? zeroDimension(body)
            guard !numbers.isEmpty else { return .number(.zero, dimension) }
            let value: ExactDecimal
            switch kind {
            case .sum: value = try arithmetic(node) { try numbers.reduce(.zero) { try $0.adding($1.0) } }
            case .max: value = numbers.map(\.0).max()!
            default: value = numbers.map(\.0).min()!
            }
            if numbers.count > 1 || kind == .sum {
                trace.append(TraceStep(kind: .value, text: "\(kind.rawValue) over \(numbers.count) of \(items.count) item\(items.count == 1 ? "" : "s") of `\(self.source(source))`: \(numbers.map { Value.number($0.0, $0.1).display }.joined(separator: ", ")) → \(Value.number(value, dimension).display)",
                                       location: node.span.location, article: clause?.article))
            }
            return .number(value, dimension)
        }
    }

    /// The dimension of an empty sum: money unless the body is plainly a count.
    private func zeroDimension(_ body: ExprNode?) -> Dimension {
        guard let body else { return .plain }
        if case .number(_, let dimension, _) = body.value { return dimension }
        return .money(.cny)
    }

    private mutating func brackets(_ subject: ExprNode, _ arms: [BracketArm], _ otherwise: ExprNode?, _ node: ExprNode) throws -> Value {
        guard case .number(let value, let dimension) = try evaluate(subject) else { throw failure("a bracket needs a number", node) }
        for arm in arms {
            if let lower = arm.lower {
                guard case .number(let bound, _) = try evaluate(lower) else { continue }
                if arm.lowerInclusive ? value < bound : value <= bound { continue }
            }
            if let upper = arm.upper {
                guard case .number(let bound, _) = try evaluate(upper) else { continue }
                if arm.upperInclusive ? value > bound : value >= bound { continue }
            }
            exercised.insert(CoverageItem.key(.arm, arm.span))
            trace.append(TraceStep(kind: .bracket, text: "`\(source(subject))` = \(Value.number(value, dimension).display) falls in \(source(arm.span.file, arm.span, upTo: "=>"))",
                                   location: arm.span.location, article: clause?.article))
            return try evaluate(arm.result)
        }
        if let otherwise { return try evaluate(otherwise) }
        trace.append(TraceStep(kind: .bracket, text: "`\(source(subject))` = \(Value.number(value, dimension).display) falls in no bracket",
                               location: node.span.location, article: clause?.article))
        return .money(.zero)
    }

    // MARK: Explanations

    /// The expression as written, on one line.
    private func source(_ node: ExprNode) -> String {
        let text = node.span.file.map { $0.slice(node.span) } ?? "…"
        return text.split(whereSeparator: { $0 == "\n" || $0 == " " }).joined(separator: " ")
    }

    private func source(_ file: SourceFile?, _ span: Span, upTo marker: String) -> String {
        let text = file?.slice(span) ?? ""
        return text.components(separatedBy: marker).first?.trimmingCharacters(in: .whitespaces) ?? text
    }

    /// The facts an expression reads, with their values: ` (premium = 12.00万元)`.
    private mutating func valuesNote(_ node: ExprNode) -> String {
        var names: [String] = []
        collectNames(node, &names)
        var parts: [String] = []
        for name in names where !parts.contains(where: { $0.hasPrefix(name + " =") }) {
            let saved = trace
            if let value = try? evaluateNamePath(name) { parts.append("\(name) = \(value.display)") }
            trace = saved
        }
        return parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
    }

    private mutating func evaluateNamePath(_ path: String) throws -> Value {
        let pieces = path.split(separator: ".").map(String.init)
        var value = try lookup(pieces[0], Located(.name(pieces[0]), .none))
        for piece in pieces.dropFirst() {
            guard case .record(let record) = value, let next = record.fields[piece] else { throw MissingFacts(paths: [path]) }
            value = next
        }
        if case .record = value { throw MissingFacts(paths: [path]) }
        if case .list = value { throw MissingFacts(paths: [path]) }
        return value
    }

    private func collectNames(_ node: ExprNode, _ names: inout [String]) {
        switch node.value {
        case .name(let name) where name != "as_of" || true:
            if !names.contains(name) { names.append(name) }
        case .field:
            if let path = fieldPath(node), !names.contains(path) { names.append(path) }
        case .binary(_, let a, let b):
            collectNames(a, &names); collectNames(b, &names)
        case .not(let a), .negate(let a), .presence(let a, _):
            collectNames(a, &names)
        case .conditional(let a, let b, let c):
            collectNames(a, &names); collectNames(b, &names); collectNames(c, &names)
        case .call(_, let arguments):
            for argument in arguments { collectNames(argument, &names) }
        case .membership(let a, let b, _):
            collectNames(a, &names); collectNames(b, &names)
        case .brackets(let subject, _, _):
            collectNames(subject, &names)
        default: break
        }
    }

    private func fieldPath(_ node: ExprNode) -> String? {
        switch node.value {
        case .name(let name): return name
        case .field(let base, let name): return fieldPath(base).map { "\($0).\(name)" }
        default: return nil
        }
    }

    /// Names the part of a failed condition that failed: the first false conjunct, with its values.
    private mutating func explainFailure(_ condition: Condition) -> String {
        var conjuncts: [ExprNode] = []
        flattenAnd(condition.expression, &conjuncts)
        for conjunct in conjuncts {
            if let value = try? truth(conjunct), !value {
                let label = condition.label.map { "\($0): " } ?? ""
                return "\(label)`\(source(conjunct))` is false\(valuesNote(conjunct))"
            }
        }
        return "`\(source(condition.expression))` is false\(valuesNote(condition.expression))"
    }

    private func flattenAnd(_ node: ExprNode, _ into: inout [ExprNode]) {
        if case .binary(.and, let a, let b) = node.value {
            flattenAnd(a, &into)
            flattenAnd(b, &into)
        } else {
            into.append(node)
        }
    }
}
