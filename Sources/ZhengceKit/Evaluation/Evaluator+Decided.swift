/// Conditions decided without building a value, for evaluations that record no trace: facts and
/// their records' fields are read where they are, definitions and clause `let`s where they are kept
/// once computed, and `and`, `or`, `not`, comparisons of numbers, `in` a constant set, text
/// equality, `is present` and `is empty` answer true, false or unknown directly. Anything else is
/// evaluated as `truth` evaluates it, in the same order, so the answer and any failure are
/// `truth`'s. An unknown answer names no facts: the caller evaluates the condition again with
/// `truth` to name them, which only the conditions a missing fact leaves open pay for.
extension Evaluator {
    enum Decided {
        case yes, no, unknown

        init(_ value: Bool) { self = value ? .yes : .no }

        /// A condition's value as an answer; nil for a value that is not a truth value.
        init?(_ value: Cell) {
            switch value {
            case .bool(let truth): self.init(truth)
            case .unknown: self = .unknown
            default: return nil
            }
        }
    }

    /// A condition's value as `truth(of:)` gives it, decided without building values where it can
    /// be (only when nothing is explained: an explanation reads every step).
    mutating func conditionValue(_ condition: Unmanaged<CompiledCondition>) throws(EvaluationFailure) -> Cell {
        if !explain {
            let answer: Result<Decided, EvaluationFailure> = condition._withUnsafeGuaranteedRef { condition in
                do throws(EvaluationFailure) { return .success(try decided(condition.code, condition.site)) } catch { return .failure(error) }
            }
            switch try answer.get() {
            case .yes: return .bool(true)
            case .no: return .bool(false)
            case .unknown: break
            }
        }
        return try truth(of: condition)
    }

    /// `truth(code, site)` as true, false or unknown.
    mutating func decided(_ code: Code, _ site: Int) throws(EvaluationFailure) -> Decided {
        switch code {
        case .truth(let value):
            return Decided(value)
        case .fact(let slot):
            if let answer = Decided(applicant.facts[slot]) { return answer }
        case .field(.fact(let slot), let index, _, _, _):
            // A field the input left out is named by `field`: evaluated.
            if let field = applicant.facts[slot].recordField(index), let answer = Decided(field) { return answer }
        case .definition(let index):
            // Computed once per applicant, as `truth` would compute it; a condition defined once
            // and not yet computed is decided the same way as this one.
            if !definitionComputed[index], let answer = decidedDefinition(index) { return answer }
            if let answer = Decided(try definition(index)) { return answer }
        case .local(let index):
            if let answer = Decided(try readLocal(index)) { return answer }
        case .not(let operand, let site):
            switch try decided(operand, site) {
            case .yes: return .no
            case .no: return .yes
            case .unknown: return .unknown
            }
        case .and(let left, let right, let site):
            return try decided(left, right, site, isAnd: true)
        case .or(let left, let right, let site):
            return try decided(left, right, site, isAnd: false)
        case .presence(.fact(let slot), let test):
            switch test {
            case .present, .absent: return Decided(applicant.facts[slot].isUnknown == (test == .absent))
            case .empty, .notEmpty: return Decided(applicant.facts[slot].isEmptyOrUnknown == (test == .empty))
            }
        case .membership(.fact(let slot), .constant(.set(let values)), let negated, _):
            switch applicant.facts[slot] {
            case .text(let text): return Decided(Evaluator.contains(values, text) != negated)
            case .unknown: return .unknown
            default: break
            }
        case .binary(let op, let left, let right, _):
            // As `binary` reads them: the left side first, and an unknown one decides the whole.
            switch try operand(left) {
            case .unknown: return .unknown
            case .number(let x):
                switch try operand(right) {
                case .unknown: return .unknown
                case .number(let y): if let result = Evaluator.compare(op, x, y) { return Decided(result) }
                case .other: break
                }
            case .other: break
            }
            if op == .equal || op == .notEqual, case .fact(let slot) = left, case .constant(.text(let expected)) = right {
                switch applicant.facts[slot] {
                case .text(let text): return Decided((text == expected) == (op == .equal))
                case .unknown: return .unknown
                default: break
                }
            }
        default:
            break
        }
        // `truth` gives a truth value or unknown.
        return Decided(try truth(code, site)) ?? .unknown
    }

    /// A truth-valued definition not yet computed for this applicant, decided without building
    /// values and kept as `compute` keeps it (`eval` gives a truth value or unknown for it, and
    /// `decided` the same answer). Nil when the answer is unknown or evaluation fails: `definition`
    /// then computes it in full, naming the missing facts or keeping the failure.
    mutating func decidedDefinition(_ index: Int) -> Decided? {
        guard !explain, depth <= Evaluator.recursionLimit else { return nil }
        // Read without a retain and a release (see `truth(of:)`).
        let answer: Decided? = Unmanaged.passUnretained(program.definitions[index])._withUnsafeGuaranteedRef { definition in
            guard let site = definition.conditionSite else { return nil }
            let (result, _, _) = inOwnFrame { evaluator throws(EvaluationFailure) in try evaluator.decided(definition.code, site) }
            guard case .success(let decided) = result, decided != .unknown else { return nil }
            return decided
        }
        guard let answer else { return nil }
        definitionValues[index] = .bool(answer == .yes)
        definitionComputed[index] = true
        return answer
    }

    /// Three-valued `and` / `or`, each side read as `logical` reads it: a side that decides ends it.
    mutating func decided(_ left: Code, _ right: Code, _ site: Int, isAnd: Bool) throws(EvaluationFailure) -> Decided {
        var pending = false
        for side in 0..<2 {
            switch try decided(side == 0 ? left : right, site) {
            case .yes: if !isAnd { return .yes }
            case .no: if isAnd { return .no }
            case .unknown: pending = true
            }
        }
        return pending ? .unknown : Decided(isAnd)
    }

    /// What a side of a comparison holds, read without building a value where it can be.
    enum Operand {
        case number(ExactDecimal)
        case unknown
        /// Neither, or not read here: the comparison is evaluated.
        case other
    }

    /// A side of a comparison read where it is: a constant, a fact, a field of a record fact, a
    /// clause `let` or a definition (each computed once, as `eval` would).
    mutating func operand(_ code: Code) throws(EvaluationFailure) -> Operand {
        switch code {
        case .money(let value), .plainNumber(let value): return .number(value)
        case .constant(.number(let value, _)): return .number(value)
        case .fact(let slot): return Self.operand(applicant.facts[slot])
        case .field(.fact(let slot), let index, _, _, _):
            // A field the input left out is named by `field`: evaluated.
            if let field = applicant.facts[slot].recordField(index) { return Self.operand(field) }
        case .local(let index): return Self.operand(try readLocal(index))
        case .definition(let index): return Self.operand(try definition(index))
        default:
            break
        }
        return .other
    }

    static func operand(_ value: Cell) -> Operand {
        switch value {
        case .number(let value, _): return .number(value)
        case .unknown: return .unknown
        default: return .other
        }
    }
}
